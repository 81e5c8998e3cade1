-- PINless dial-through: the caller's number (ANI) identifies the account,
-- the dialled number is the destination; nothing is answered before the
-- called party answers. Refusals are SIP responses (402/403/404/484/503).
-- Dialplan: <action application="lua" data="ringledger/pinless.lua"/>
-- (For PINless at an access number with a destination prompt, use
-- card.lua with "ani_first".)
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

local cfg, broken = A.checked_config()
if not cfg then
  A.refuse_unanswered(session, broken, core.outcome("unavailable"), "pinless")
  return
end
local ani = session:getVariable("ringledger_ani") or session:getVariable("caller_id_number") or ""
local destination = session:getVariable("ringledger_destination") or session:getVariable("destination_number") or ""
A.direct(session, cfg, "pinless", ani, destination)
