-- SIP registration and call authentication against the credentials
-- Ringledger provisioned: mod_lua's xml-handler-script for the
-- "directory" section (lua.conf.xml). FreeSWITCH asks it for the user
-- of each REGISTER / INVITE challenge; it answers with the password from
-- POST /api/v1/switch/lookup {"sip_user": …}, or "not found".
package.path = (freeswitch.getGlobalVariable("script_dir") or "/usr/share/freeswitch/scripts")
  .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local A = require("ringledger.fs")

XML_STRING = core.NOT_FOUND_XML

local action = params:getHeader("action") or ""
local user = params:getHeader("user") or ""
local domain = params:getHeader("domain") or XML_REQUEST["key_value"] or ""
-- sip_auth: REGISTER and INVITE digest checks; user_call: calls to the user
if XML_REQUEST["section"] == "directory" and user ~= ""
  and (action == "sip_auth" or action == "user_call" or action == "") then
  local cfg = A.checked_config()
  if cfg then
    local found = core.decide_lookup(A.http(cfg, core.lookup_request(cfg, "sip_user", user)))
    if found.refusal and found.refusal.log then A.log("WARNING", found.refusal.log) end
    XML_STRING = core.directory_xml(cfg, domain, user, found)
  end
end
