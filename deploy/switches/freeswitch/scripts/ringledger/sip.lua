-- Calls from SIP accounts Ringledger provisioned. The phone authenticated
-- against directory.lua (which set ringledger_sip_user and the context);
-- the dialled number is the destination. Refusals are SIP responses.
-- Dialplan (context ringledger_sip): <action application="lua" data="ringledger/sip.lua"/>
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

local cfg, broken = A.checked_config()
if not cfg then
  A.refuse_unanswered(session, broken, core.outcome("unavailable"), "sip")
  return
end
local user = session:getVariable("ringledger_sip_user")
if session:getVariable("sip_authorized") ~= "true" or not user or user == "" then
  A.log("WARNING", "unauthenticated call in the ringledger_sip context refused")
  A.refuse_unanswered(session, cfg, core.outcome("unknown_identifier"), "sip")
  return
end
local service = session:getVariable("ringledger_service")
if service ~= "video" then service = "sip" end
A.direct(session, cfg, service, user, session:getVariable("destination_number") or "")
