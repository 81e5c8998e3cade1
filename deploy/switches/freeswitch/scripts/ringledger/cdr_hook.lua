-- Runs as api_hangup_hook of each outbound leg (set by the dial string in
-- core.dial_string): turns the leg's variables into a CDR and appends it
-- to the spool. Posting is flush.lua's job, so a hang-up never waits for
-- Ringledger and a CDR is never lost when it is unreachable.
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
local fs = core.posix_fs()
local ok, err = core.spool(fs, cfg, rec)
if not ok then
  fs.mkdir(cfg.spool_dir)
  ok, err = core.spool(fs, cfg, rec)
end
if not ok then
  -- the last place the record survives: the log, whole
  A.log("CRIT", "CDR NOT SPOOLED (" .. tostring(err) .. "): " .. core.spool_line(rec))
end
