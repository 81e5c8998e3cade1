-- Calling-card IVR: access number → PIN → destination → "you have N
-- minutes" → the call. Dialplan: <action application="lua" data="ringledger/card.lua"/>
-- With the argument "ani_first" a caller whose number is registered for
-- PINless dialing skips the PIN:  data="ringledger/card.lua ani_first"
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

session:answer()
session:sleep(300)
local cfg, broken = A.checked_config()
if not cfg then
  A.refuse_answered(session, broken, core.outcome("unavailable"), "calling_card")
  return
end

local service, identifier

if argv and argv[1] == "ani_first" then
  local ani = session:getVariable("caller_id_number")
  if ani and ani ~= "" then
    local found = core.decide_lookup(A.http(cfg, core.lookup_request(cfg, "ani", ani)))
    if found.found and not found.refusal and found.kind == "pinless" then
      service, identifier = "pinless", ani
    end
  end
end

if not service then
  for attempt = 1, cfg.pin_attempts do
    if not session:ready() then return end
    local pin = A.digits(session, cfg, "enter-pin", 4, cfg.pin_max_digits)
    if pin ~= "" then
      local found = core.decide_lookup(A.http(cfg, core.lookup_request(cfg, "pin", pin)))
      if found.found and not found.refusal and found.kind == "calling_card" then
        service, identifier = "calling_card", pin
        break
      end
      local refusal = found.refusal or core.outcome("unknown_identifier")
      if refusal.retry ~= "pin" then
        A.refuse_answered(session, cfg, refusal, "calling_card")
        return
      end
      A.log("INFO", "invalid PIN entered (attempt " .. attempt .. ")")
      A.play(session, cfg, "invalid-pin")
    end
  end
end

if not service then
  A.play(session, cfg, "goodbye")
  if session:ready() then session:hangup("CALL_REJECTED") end
  return
end

A.ivr_call(session, cfg, service, identifier)
