-- Runs the FreeSWITCH entry scripts (card.lua, pinless.lua, sip.lua,
-- directory.lua, cdr_hook.lua, flush.lua) against a fake of the parts of
-- FreeSWITCH they use (freeswitch.*, session, env, params, argv, the
-- mod_curl `curl` API) and a fake Ringledger. It proves the glue calls
-- core.lua the right way; it does not prove FreeSWITCH behaves as faked.
--   lua5.4 deploy/switches/freeswitch/tests/test_scripts.lua

local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local scripts = here .. "/../scripts"
package.path = scripts .. "/?.lua;" .. package.path
local core = require("ringledger.core")
local json = core.json

local passed, failed = 0, 0
local function test(name, fn)
  local ok, err = pcall(fn)
  if ok then passed = passed + 1 else
    failed = failed + 1
    io.stderr:write("FAIL " .. name .. "\n  " .. tostring(err) .. "\n")
  end
end
local function eq(got, want, what)
  if type(got) == "table" then got = json.encode(got) end
  if type(want) == "table" then want = json.encode(want) end
  if got ~= want then error((what or "value") .. ": got " .. tostring(got) .. ", want " .. tostring(want), 2) end
end
local function has(list, item, what)
  for _, x in ipairs(list) do if x == item then return end end
  error((what or "list") .. " lacks " .. tostring(item) .. " in " .. json.encode(list), 2)
end

local KEY = "rlk_0123456789abcdef0123456789abcdef_fedcba9876543210fedcba9876543210_secret"

-------------------------------------------------------------------- fake Ringledger
local R = {}
local function reset_ringledger()
  R.down = false
  R.requests = {}
  R.cdrs = {}
  R.pins = { ["123456"] = { kind = "calling_card", account_status = "active", service_status = "active" },
             ["555555"] = { kind = "calling_card", account_status = "suspended", service_status = "active" } }
  R.anis = { ["15550100199"] = { kind = "pinless", account_status = "active", service_status = "active" } }
  R.sip = { alice = { kind = "sip", account_status = "active", service_status = "active", sip_password = "s3cret" } }
  -- destination digits → authorize answer
  R.rates = { ["442079460000"] = 754, ["4420"] = 45 }
  R.broke = { ["1900"] = "insufficient_balance", ["999"] = "no_rate" }
end

local function urldecode(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

-- Splits like FreeSWITCH's switch_separate_string on ' ' (single quotes group).
local function split_args(s)
  local out, cur, quoted = {}, {}, false
  for c in s:gmatch(".") do
    if c == "'" then quoted = not quoted
    elseif c == " " and not quoted then
      if #cur > 0 then out[#out + 1] = table.concat(cur); cur = {} end
    else cur[#cur + 1] = c end
  end
  if #cur > 0 then out[#out + 1] = table.concat(cur) end
  return out
end

local function reply(status, body)
  return json.encode({ exit_code = "0", status_code = tostring(status), body = json.encode(body), headers = json.array() })
end
local function envelope(status, code, message, field)
  return reply(status, { error = { code = code, message = message, field = field or json.null } })
end

local function curl(cmd)
  if R.down then return '{"exit_code":"7","status_code":"0","headers":[]}' end
  local a = split_args(cmd)
  local url, method, body, headers = a[1], "GET", nil, {}
  local i = 2
  while i <= #a do
    if a[i] == "append_headers" then headers[#headers + 1] = a[i + 1]; i = i + 1
    elseif a[i] == "post" then method = "POST"; body = urldecode(a[i + 1] or ""); i = i + 1
    elseif a[i] == "connect-timeout" or a[i] == "timeout" or a[i] == "content-type" then i = i + 1 end
    i = i + 1
  end
  R.requests[#R.requests + 1] = { method = method, url = url, body = body }
  local authorized = false
  for _, h in ipairs(headers) do if h == "Authorization: Bearer " .. KEY then authorized = true end end
  if not authorized then return envelope(401, "invalid_token", "the switch API key is invalid or revoked") end
  local path, query = url:match("^https?://[^/]+(/[^?]*)%??(.*)$")
  if path == "/api/v1/switch/lookup" then
    if method ~= "POST" or query ~= "" then
      return envelope(400, "validation_failed", "a PIN never goes in a URL", "pin")
    end
    local by, value = next(json.decode(body))
    local row
    if by == "pin" then row = R.pins[value]
    elseif by == "ani" then row = R.anis[core.normalize_number(value) or ""]
    elseif by == "sip_user" then row = R.sip[value] end
    if not row then return envelope(404, "not_found", "unknown_identifier: no service has this identifier") end
    return reply(200, { account_id = "acc", customer_id = "cus", service_id = "svc", kind = row.kind,
      account_status = row.account_status, service_status = row.service_status, sip_password = row.sip_password or json.null })
  elseif path == "/api/v1/authorize" then
    local req = json.decode(body)
    local function refused(reason)
      return reply(200, { authorized = false, max_duration_secs = 0, rate_per_minute = json.null, connect_fee = json.null,
        prefix = json.null, allowance_secs = 0, reason = reason })
    end
    local row = (req.pin and R.pins[req.pin]) or (req.ani and R.anis[core.normalize_number(req.ani) or ""])
      or (req.sip_username and R.sip[req.sip_username])
    if not row then return refused("unknown_identifier") end
    if row.kind ~= req.service then return refused("service_mismatch") end
    if row.account_status ~= "active" then return refused("account_suspended") end
    local number = core.normalize_number(req.destination)
    if not number then return refused("invalid_destination") end
    if R.broke[number] then return refused(R.broke[number]) end
    local secs = R.rates[number]
    if not secs then return refused("no_rate") end
    return reply(200, { authorized = true, max_duration_secs = secs, rate_per_minute = "0.05", connect_fee = "0",
      prefix = number:sub(1, 2), allowance_secs = 0, reason = json.null })
  elseif path == "/api/v1/cdrs" then
    local records = json.decode(body)
    for i, r in ipairs(records) do
      if r.call_id == R.cdr_refuse then
        local f = "[" .. (i - 1) .. "].duration_secs"
        return envelope(400, "validation_failed", f .. ": refused", f)
      end
    end
    local acc, dup = 0, 0
    for _, r in ipairs(records) do
      if R.cdrs[r.call_id] then dup = dup + 1 else R.cdrs[r.call_id] = r; acc = acc + 1 end
    end
    return reply(200, { accepted = acc, duplicates = dup, rejected = json.array() })
  end
  return envelope(404, "not_found", "no route")
end

-------------------------------------------------------------------- fake FreeSWITCH
local spool_dir = os.tmpname()
os.remove(spool_dir)

local GLOBALS
local LOG
local function reset_fs()
  GLOBALS = {
    script_dir = scripts,
    ringledger_base_url = "https://billing.example.com",
    ringledger_api_key = KEY,
    ringledger_spool_dir = spool_dir,
    ringledger_dial_template = "sofia/gateway/carrier1/{number}",
    ringledger_prompt_dir = "/sounds/ringledger",
  }
  LOG = {}
end

freeswitch = {
  getGlobalVariable = function(n) return GLOBALS[n] end,
  consoleLog = function(level, msg) LOG[#LOG + 1] = level .. " " .. msg end,
  msleep = function() end,
  API = function()
    return { executeString = function(_, s)
      local cmd, rest = s:match("^(%S+)%s+(.*)$")
      if cmd == "curl" then return curl(rest) end
      return "-ERR unknown command"
    end }
  end,
}

-- A channel. `digits` are what the caller types, prompt after prompt;
-- `vars` its channel variables; every action is recorded in `did`.
local function new_session(digits, vars)
  local s = { did = {}, vars = vars or {}, up = true, digits = digits or {} }
  local function rec(x) s.did[#s.did + 1] = x end
  function s:ready() return self.up end
  function s:answer() rec("answer") end
  function s:preAnswer() rec("pre_answer") end
  function s:sleep() end
  function s:streamFile(f) rec("play " .. f) end
  function s:say(text, lang, kind, method) rec("say " .. text .. " " .. kind .. " " .. method) end
  function s:playAndGetDigits(min, max, tries, timeout, term, file)
    rec("prompt " .. file)
    return table.remove(self.digits, 1) or ""
  end
  function s:getVariable(n) return self.vars[n] end
  function s:setVariable(n, v) self.vars[n] = v end
  function s:hangup(cause) rec("hangup " .. tostring(cause)); self.up = false end
  function s:execute(app, data)
    rec(app .. " " .. tostring(data))
    if app == "respond" then self.up = false end
    if app == "bridge" then self.bridged = data end
  end
  return s
end

local function run(script, sess, args)
  session = sess
  argv = args or {}
  dofile(scripts .. "/ringledger/" .. script)
end

-- The outbound leg of a bridge hangs up: run cdr_hook.lua with its variables.
local function hang_up_leg(dial, uuid, billsec)
  -- as FreeSWITCH fills mod_lua's env in an api_hangup_hook: the channel
  -- variables, plus channel data such as Unique-ID (no "uuid" variable)
  local vars = { ["Unique-ID"] = uuid, billsec = tostring(billsec), start_epoch = "1764190800" }
  for k, v in dial:match("^{(.-)}"):gmatch("([%w_]+)=([^,]*)") do vars[k] = v end
  env = { getHeader = function(_, n) return vars[n] end }
  session = nil
  dofile(scripts .. "/ringledger/cdr_hook.lua")
end

-------------------------------------------------------------------- tests
reset_ringledger(); reset_fs()

test("calling card: PIN, destination, minutes, a limited bridge, its CDR posted", function()
  reset_ringledger(); reset_fs()
  local s = new_session({ "123456", "0044 20 7946 0000" })
  run("card.lua", s)
  eq(s.did[1], "answer")
  has(s.did, "prompt /sounds/ringledger/enter-pin.wav")
  has(s.did, "prompt /sounds/ringledger/enter-destination.wav")
  has(s.did, "play /sounds/ringledger/you-have.wav")
  has(s.did, "say 12 number pronounced", "754 s is 12 minutes, rounded down")
  has(s.did, "play /sounds/ringledger/minutes.wav")
  assert(s.bridged, "bridged")
  assert(s.bridged:find("execute_on_answer='sched_hangup +754 ALLOTTED_TIMEOUT'", 1, true), s.bridged)
  assert(s.bridged:find("}sofia/gateway/carrier1/442079460000$"), s.bridged)
  eq(R.requests[1].url, "https://billing.example.com/api/v1/switch/lookup")
  eq(json.decode(R.requests[1].body).pin, "123456")
  eq(json.decode(R.requests[2].body).pin, "123456")
  hang_up_leg(s.bridged, "leg-1", 700)
  run("flush.lua", new_session())
  local cdr = R.cdrs["leg-1"]
  assert(cdr, "CDR posted")
  eq(cdr.pin, "123456"); eq(cdr.duration_secs, 700); eq(cdr.service, "calling_card")
  eq(cdr.destination, "0044 20 7946 0000")
end)

test("calling card: a wrong PIN is asked again, three wrong PINs hang up", function()
  reset_ringledger(); reset_fs()
  local s = new_session({ "111111", "123456", "442079460000" })
  run("card.lua", s)
  has(s.did, "play /sounds/ringledger/invalid-pin.wav")
  assert(s.bridged, "bridged after the second PIN")
  local t = new_session({ "1", "2", "3" })
  run("card.lua", t)
  eq(t.bridged, nil)
  eq(t.did[#t.did], "hangup CALL_REJECTED")
end)

test("calling card: suspended account, unaffordable then affordable destination", function()
  reset_ringledger(); reset_fs()
  local s = new_session({ "555555" })
  run("card.lua", s)
  has(s.did, "play /sounds/ringledger/account-suspended.wav")
  eq(s.did[#s.did], "hangup CALL_REJECTED")
  local t = new_session({ "123456", "1900", "4420" })
  run("card.lua", t)
  has(t.did, "play /sounds/ringledger/insufficient-balance.wav")
  has(t.did, "play /sounds/ringledger/less-than-one-minute.wav")
  assert(t.bridged:find("sched_hangup +45 ", 1, true), t.bridged)
end)

test("calling card: Ringledger down fails closed with the unavailable prompt", function()
  reset_ringledger(); reset_fs()
  R.down = true
  local s = new_session({ "123456" })
  run("card.lua", s)
  eq(s.bridged, nil)
  has(s.did, "play /sounds/ringledger/service-unavailable.wav")
  eq(s.did[#s.did], "hangup SERVICE_UNAVAILABLE")
end)

test("calling card with ani_first: a registered caller skips the PIN", function()
  reset_ringledger(); reset_fs()
  local s = new_session({ "442079460000" }, { caller_id_number = "+1 555 010 0199" })
  run("card.lua", s, { "ani_first" })
  for _, d in ipairs(s.did) do assert(not d:find("enter-pin", 1, true), "no PIN prompt") end
  assert(s.bridged:find("ringledger_service=pinless", 1, true), s.bridged)
end)

test("PINless dial-through: bridged unanswered, refusals are SIP responses", function()
  reset_ringledger(); reset_fs()
  local s = new_session({}, { caller_id_number = "+15550100199", destination_number = "442079460000" })
  run("pinless.lua", s)
  eq(s.did[1]:sub(1, 6), "bridge")
  local t = new_session({}, { caller_id_number = "+15550100199", destination_number = "1900" })
  run("pinless.lua", t)
  has(t.did, "respond 402 Payment Required")
  has(t.did, "play /sounds/ringledger/insufficient-balance.wav")
  eq(t.vars["sip_ph_X-Ringledger-Reason"], "insufficient_balance")
  local u = new_session({}, { caller_id_number = "+15550000000", destination_number = "442079460000" })
  run("pinless.lua", u)
  has(u.did, "respond 403 Forbidden")
  has(u.did, "play /sounds/ringledger/not-registered.wav")
  GLOBALS.ringledger_refusal_prompts = "false"
  local v = new_session({}, { caller_id_number = "+15550100199", destination_number = "abc" })
  run("pinless.lua", v)
  eq(v.did[1], "respond 484 Address Incomplete")
end)

test("SIP: authenticated users are authorized by username; others refused", function()
  reset_ringledger(); reset_fs()
  local s = new_session({}, { sip_authorized = "true", ringledger_sip_user = "alice", ringledger_service = "sip",
    destination_number = "+44 20 7946 0000" })
  run("sip.lua", s)
  assert(s.bridged and s.bridged:find("ringledger_ident=alice", 1, true), tostring(s.bridged))
  eq(json.decode(R.requests[#R.requests].body).sip_username, "alice")
  local t = new_session({}, { destination_number = "442079460000" })
  run("sip.lua", t)
  has(t.did, "respond 403 Forbidden")
  GLOBALS.ringledger_api_key = KEY:sub(1, -2) .. "X"
  local u = new_session({}, { sip_authorized = "true", ringledger_sip_user = "alice", destination_number = "442079460000" })
  run("sip.lua", u)
  has(u.did, "respond 503 Service Unavailable", "a revoked key")
end)

test("directory: password for a known user, not found otherwise", function()
  reset_ringledger(); reset_fs()
  local function ask(user, action)
    XML_REQUEST = { section = "directory", tag_name = "domain", key_name = "name", key_value = "voip.example.com" }
    local h = { user = user, domain = "voip.example.com", action = action }
    params = { getHeader = function(_, n) return h[n] end }
    XML_STRING = nil
    dofile(scripts .. "/ringledger/directory.lua")
    return XML_STRING
  end
  local xml = ask("alice", "sip_auth")
  assert(xml:find('<param name="password" value="s3cret"/>', 1, true), xml)
  eq(ask("mallory", "sip_auth"), core.NOT_FOUND_XML)
  eq(ask("alice", "message-count"), core.NOT_FOUND_XML)
  R.down = true
  eq(ask("alice", "sip_auth"), core.NOT_FOUND_XML)
end)

test("CDRs survive Ringledger being down and are posted once it is back", function()
  reset_ringledger(); reset_fs()
  local s = new_session({}, { caller_id_number = "+15550100199", destination_number = "442079460000" })
  run("pinless.lua", s)
  hang_up_leg(s.bridged, "leg-2", 30)
  hang_up_leg(s.bridged, "leg-3", 0)
  R.down = true
  run("flush.lua", new_session())
  eq(R.cdrs["leg-2"], nil)
  local warned = false
  for _, l in ipairs(LOG) do if l:find("kept for the next flush", 1, true) then warned = true end end
  assert(warned, "the flush logs that it kept them")
  R.down = false
  run("flush.lua", new_session())
  eq(R.cdrs["leg-2"].duration_secs, 30)
  eq(R.cdrs["leg-3"].duration_secs, 0)
  eq(R.cdrs["leg-2"].ani, "+15550100199")
end)

test("a leg that is not ours spools nothing", function()
  reset_ringledger(); reset_fs()
  env = { getHeader = function(_, n) return ({ ["Unique-ID"] = "x", billsec = "10" })[n] end }
  dofile(scripts .. "/ringledger/cdr_hook.lua")
  run("flush.lua", new_session())
  eq(next(R.cdrs), nil)
end)

-- A spool directory that cannot be made: a path under a regular file
-- (ENOTDIR even for root).
local blocker = os.tmpname()
local fallback = spool_dir .. "-fallback.jsonl"
local function logged(level, text)
  for _, l in ipairs(LOG) do
    if l:sub(1, #level + 1) == level .. " " and l:find(text, 1, true) then return true end
  end
  return false
end

test("spool unwritable: the CDR is posted at once and an ERR line names it", function()
  reset_ringledger(); reset_fs()
  GLOBALS.ringledger_spool_dir = blocker .. "/spool"
  GLOBALS.ringledger_fallback_file = fallback
  local s = new_session({}, { caller_id_number = "+15550100199", destination_number = "442079460000" })
  run("pinless.lua", s)
  hang_up_leg(s.bridged, "leg-9", 61)
  eq(R.cdrs["leg-9"] and R.cdrs["leg-9"].duration_secs, 61, "posted at once")
  assert(logged("ERR", "CDR leg-9 NOT SPOOLED"), json.encode(LOG))
  eq(io.open(fallback, "r"), nil, "no fallback file needed")
end)

test("spool unwritable and Ringledger down: fallback file, CRIT; the next flush posts it", function()
  reset_ringledger(); reset_fs()
  GLOBALS.ringledger_spool_dir = blocker .. "/spool"
  GLOBALS.ringledger_fallback_file = fallback
  local s = new_session({}, { caller_id_number = "+15550100199", destination_number = "442079460000" })
  run("pinless.lua", s)
  R.down = true
  hang_up_leg(s.bridged, "leg-10", 42)
  assert(logged("CRIT", "CDR leg-10 NOT SPOOLED"), json.encode(LOG))
  assert(logged("CRIT", '"call_id":"leg-10"'), "the whole record is in the log")
  -- the spool works again, Ringledger is back
  R.down = false
  GLOBALS.ringledger_spool_dir = spool_dir
  run("flush.lua", new_session())
  eq(R.cdrs["leg-10"] and R.cdrs["leg-10"].duration_secs, 42, "posted by the flush")
  eq(io.open(fallback, "r"), nil, "the fallback file was emptied into the spool")
  assert(logged("WARNING", "fallback file"), json.encode(LOG))
end)

test("flush.lua: alarms at ERR; a second flush while one runs stops at once", function()
  reset_ringledger(); reset_fs()
  hang_up_leg("{ringledger_service=pinless,ringledger_ident=+15550100199,ringledger_destination=441}x", "leg-11", 5)
  os.execute("mkdir -p '" .. spool_dir .. "/.flush.lock'")
  local f = io.open(spool_dir .. "/.flush.lock/owner", "w"); f:write(os.time() .. " other\n"); f:close()
  run("flush.lua", new_session())
  eq(R.cdrs["leg-11"], nil)
  assert(logged("INFO", "another flush is running"), json.encode(LOG))
  os.execute("rm -rf '" .. spool_dir .. "/.flush.lock'")
  -- a record Ringledger refuses as malformed is an ERR (a person must look)
  R.cdr_refuse = "leg-11"
  run("flush.lua", new_session())
  assert(logged("ERR", "record leg-11 refused"), json.encode(LOG))
  R.cdr_refuse = nil
end)

os.remove(blocker)
os.remove(fallback)
os.execute("rm -rf '" .. spool_dir .. "'")
io.write(string.format("%s (scripts): %d passed, %d failed\n", _VERSION, passed, failed))
os.exit(failed == 0 and 0 or 1)
