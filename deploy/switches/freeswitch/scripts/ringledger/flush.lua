-- Posts the spooled CDRs to Ringledger (POST /api/v1/cdrs, batches of
-- ringledger_batch_size) until the spool is empty, and removes them once
-- Ringledger answered 2xx. One flush at a time (spool_dir/.flush.lock).
-- Run once:          fs_cli -x "luarun ringledger/flush.lua"
-- Run for ever:      fs_cli -x "luarun ringledger/flush.lua loop"
--                    (or lua.conf.xml: <param name="startup-script" value="ringledger/flush.lua loop"/>)
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

math.randomseed(os.time())

local function once()
  local cfg = A.checked_config()
  if not cfg then return end
  local sum = core.flush(core.posix_fs(), cfg, function(req) return A.http(cfg, req) end, os.time(),
    function(ms) freeswitch.msleep(ms) end)
  if sum.busy then
    A.log("INFO", "CDR flush: another flush is running; this one stops")
    return
  end
  for _, e in ipairs(sum.errors) do A.log("WARNING", "CDR flush: " .. e) end
  for _, e in ipairs(sum.alarms) do A.log("ERR", "CDR flush: " .. e) end
  if sum.posted + sum.duplicates + sum.set_aside > 0 or sum.kept > 0 then
    A.log("INFO", string.format("CDR flush: %d accepted, %d duplicates, %d rejected for re-rating, %d set aside, %d waiting",
      sum.posted, sum.duplicates, sum.rejected, sum.set_aside, sum.kept))
  end
end

local loop = argv and argv[1] == "loop"
repeat
  local ok, err = pcall(once)
  if not ok then A.log("ERR", "CDR flush failed: " .. tostring(err)) end
  if loop then
    local every = tonumber(freeswitch.getGlobalVariable("ringledger_flush_interval") or "") or 10
    freeswitch.msleep(every * 1000)
  end
until not loop or freeswitch.getGlobalVariable("ringledger_flush_stop") == "true"
