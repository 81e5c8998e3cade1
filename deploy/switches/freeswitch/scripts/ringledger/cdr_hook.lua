-- Runs as api_hangup_hook of each outbound leg (set by the dial string in
-- core.dial_string): turns the leg's variables into a CDR and appends it
-- to the spool. Posting is flush.lua's job, so a hang-up never waits for
-- Ringledger and a CDR is never lost when it is unreachable. When the spool
-- cannot be written (core.save_cdr), the CDR is posted at once, or written
-- to the fallback file, and always logged at ERR/CRIT.
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

-- `env` holds the leg's channel variables (billsec, start_epoch and the
-- ringledger_* ones from the dial string) and its channel data; the uuid is
-- channel data, "Unique-ID".
local function get(name)
  local v = env:getHeader(name)
  if v == nil then v = env:getHeader("variable_" .. name) end
  if v == nil and name == "uuid" then v = env:getHeader("Unique-ID") end
  return v
end

local rec, why = core.cdr_from_leg(get)
if not rec then
  A.log("DEBUG", "no CDR: " .. tostring(why))
  return
end
local cfg = A.config()
-- the spool (retried); if it cannot take the CDR: posted at once, else the
-- fallback file, else the log (ERR/CRIT lines naming the CDR)
core.save_cdr(core.posix_fs(), cfg, rec,
  function(req) return A.http(cfg, req) end,
  function(ms) freeswitch.msleep(ms) end,
  A.log)
