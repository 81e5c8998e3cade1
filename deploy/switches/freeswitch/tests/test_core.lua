-- Unit tests of scripts/ringledger/core.lua with a stock Lua (5.1 to 5.4):
--   lua5.4 deploy/switches/freeswitch/tests/test_core.lua
-- Exit status 0 when every test passes.

local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
package.path = here .. "/../scripts/?.lua;" .. package.path
local core = require("ringledger.core")
local json = core.json

local passed, failed = 0, 0
local function test(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stderr:write("FAIL " .. name .. "\n  " .. tostring(err) .. "\n")
  end
end

local function show(v)
  if type(v) == "table" and v ~= json.null then return json.encode(v) end
  return tostring(v)
end
local function eq(got, want, what)
  if type(got) == "table" and type(want) == "table" then
    got, want = json.encode(got), json.encode(want)
  end
  if got ~= want then
    error((what or "value") .. ": got " .. show(got) .. ", want " .. show(want), 2)
  end
end
local function truthy(v, what) if not v then error((what or "condition") .. " is false", 2) end end

local cfg = core.config(function(name)
  return ({
    ringledger_base_url = "https://billing.example.com/",
    ringledger_api_key = "rlk_0123456789abcdef0123456789abcdef_fedcba9876543210fedcba9876543210_AbC-d_9",
    ringledger_dial_template = "sofia/gateway/carrier1/{number}",
    ringledger_batch_size = "3",
  })[name]
end)

local function ok_body(t) return { status = 200, body = json.encode(t) } end
local function err_body(status, code, message, field)
  return { status = status, body = json.encode({ error = { code = code, message = message, field = field or json.null } }) }
end

-------------------------------------------------------------------- JSON
test("json round-trips the shapes the API uses", function()
  local text = '{"authorized":true,"max_duration_secs":125,"rate_per_minute":"0.05",' ..
    '"connect_fee":null,"prefix":"44","allowance_secs":0,"reason":null,"list":[1,-2.5,3e2,"a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00"]}'
  local t = assert(json.decode(text))
  eq(t.authorized, true)
  eq(t.max_duration_secs, 125)
  eq(t.connect_fee, json.null)
  eq(core.val(t.reason), nil)
  eq(t.list[2], -2.5)
  eq(t.list[3], 300)
  eq(t.list[4], 'a"b\\c\n\195\169\240\159\152\128')
  eq(json.decode(json.encode(t)).list[4], t.list[4])
  eq(json.encode({ b = 1, a = "x" }), '{"a":"x","b":1}')
  eq(json.encode(json.array()), "[]")
  eq(json.encode({ "\1" }), '["\\u0001"]')
end)

test("json rejects what is not JSON", function()
  for _, bad in ipairs({ "", "{", '{"a":}', "[1,]", "nul", '"abc', "{} x", "<html>" }) do
    local v, err = json.decode(bad)
    eq(v, nil, "decode of " .. bad)
    truthy(err, "an error for " .. bad)
  end
end)

-------------------------------------------------------------------- config
test("config trims the base URL and checks the key", function()
  eq(cfg.base_url, "https://billing.example.com")
  eq(#core.config_problems(cfg), 0)
  local bad = core.config(function() return nil end)
  eq(#core.config_problems(bad), 2)
  local wrong = core.config(function(n)
    return ({ ringledger_base_url = "billing.example.com", ringledger_api_key = "Bearer xyz" })[n]
  end)
  eq(#core.config_problems(wrong), 2)
end)

-------------------------------------------------------------------- requests
test("authorize requests carry one identifier and the key as a Bearer token", function()
  local r = core.authorize_request(cfg, "calling_card", "123456", "+44 20 7946 0000")
  eq(r.method, "POST")
  eq(r.url, "https://billing.example.com/api/v1/authorize")
  eq(r.headers[1], "Authorization: Bearer " .. cfg.api_key)
  eq(r.body, '{"destination":"+44 20 7946 0000","pin":"123456","service":"calling_card"}')
  eq(json.decode(core.authorize_request(cfg, "pinless", "+15550100199", "1").body).ani, "+15550100199")
  eq(json.decode(core.authorize_request(cfg, "sip", "alice", "1").body).sip_username, "alice")
  eq(json.decode(core.authorize_request(cfg, "video", "cam", "1").body).sip_username, "cam")
  truthy(not pcall(core.authorize_request, cfg, "fax", "x", "1"), "unknown service refused")
end)

test("lookups carry the identifier in a JSON body, never in the URL", function()
  local r = core.lookup_request(cfg, "sip_user", "al ice&x=1")
  eq(r.url, "https://billing.example.com/api/v1/switch/lookup")
  eq(r.method, "POST")
  eq(json.decode(r.body).sip_user, "al ice&x=1")
  local p = core.lookup_request(cfg, "pin", "0042")
  eq(p.url, "https://billing.example.com/api/v1/switch/lookup")
  eq(json.decode(p.body).pin, "0042")
end)

test("curl API arguments: quoted headers, URL-encoded body", function()
  local r = core.authorize_request(cfg, "sip", "o'brien", "44")
  local a = core.curl_args(r, cfg)
  truthy(a:find("^https://billing%.example%.com/api/v1/authorize json connect%-timeout 2 timeout 5 "), a)
  truthy(a:find("append_headers 'Authorization: Bearer " .. cfg.api_key:gsub("%-", "%%-") .. "'", 1), a)
  truthy(a:find(" secure content%-type application/json post %%7B%%22destination%%22"), a)
  local lax = core.config(function(n) return ({ ringledger_insecure_tls = "true" })[n] end)
  truthy(core.curl_args(r, lax):find(" insecure ", 1, true), "insecure only when asked")
  truthy(not a:find("o'brien", 1, true), "the quote is encoded")
  truthy(a:find("o%27brien", 1, true), "as %27")
  local g = core.curl_args(core.lookup_request(cfg, "pin", "1"), cfg)
  truthy(g:find(" post %%7B%%22pin%%22"), g)
  truthy(not g:find("?pin", 1, true), g)
end)

-------------------------------------------------------------------- curl output
test("curl json output becomes an HTTP result", function()
  local r = core.parse_curl_json('{"exit_code":"0","status_code":"200","body":"{\\"authorized\\":true}","headers":[]}')
  eq(r.status, 200)
  eq(r.body, '{"authorized":true}')
  local down = core.parse_curl_json('{"exit_code":"7","status_code":"0","headers":[]}')
  eq(down.status, 0)
  eq(down.transport_error, "curl exit code 7")
  eq(core.parse_curl_json('{"exit_code":"28","status_code":"0"}').transport_error, "curl exit code 28")
  eq(core.parse_curl_json("").status, 0)
  eq(core.parse_curl_json("-ERR no reply\n").status, 0)
  eq(core.parse_curl_json("-USAGE: curl url").status, 0)
  eq(core.parse_curl_json('{"exit_code":"0","status_code":"503"}').status, 503)
end)

-------------------------------------------------------------------- decisions
test("an authorized answer bridges for max_duration_secs", function()
  local d = core.decide_authorize(ok_body({ authorized = true, max_duration_secs = 3599, rate_per_minute = "0.05",
    connect_fee = "0", prefix = "44", allowance_secs = 0, reason = json.null }))
  eq(d.action, "bridge")
  eq(d.max_secs, 3599)
  eq(d.minutes, 59)
  eq(d.prefix, "44")
end)

test("every refusal reason has its prompt, SIP status and cause", function()
  local want = {
    unknown_identifier = { 403, "invalid-pin", "pin" },
    service_mismatch = { 403, "invalid-pin", "pin" },
    account_suspended = { 403, "account-suspended", nil },
    email_unverified = { 403, "email-unverified", nil },
    customer_suspended = { 403, "account-suspended", nil },
    customer_closed = { 403, "account-closed", nil },
    card_expired = { 403, "card-expired", nil },
    invalid_destination = { 484, "invalid-destination", "destination" },
    no_rate = { 404, "destination-not-allowed", "destination" },
    insufficient_balance = { 402, "insufficient-balance", "destination" },
    concurrent_limit = { 486, "service-unavailable", nil },
    rate_limit = { 403, "service-unavailable", nil },
    spend_limit = { 402, "insufficient-balance", nil },
    destination_blocked = { 403, "destination-not-allowed", "destination" },
    fraud_suspended = { 403, "account-suspended", nil },
  }
  for reason, w in pairs(want) do
    local d = core.decide_authorize(ok_body({ authorized = false, max_duration_secs = 0, reason = reason, allowance_secs = 0 }))
    eq(d.action, "refuse", reason)
    eq(d.reason, reason, reason)
    eq(d.sip, w[1], reason .. " sip")
    eq(d.prompt, w[2], reason .. " prompt")
    eq(d.retry, w[3], reason .. " retry")
    truthy(d.cause and d.phrase, reason .. " cause and phrase")
  end
  eq(core.refusal_prompt({ reason = "unknown_identifier", prompt = "invalid-pin" }, "pinless"), "not-registered")
  eq(core.refusal_prompt({ reason = "unknown_identifier", prompt = "invalid-pin" }, "calling_card"), "invalid-pin")
end)

test("authorized with 0 seconds is refused as insufficient balance", function()
  local d = core.decide_authorize(ok_body({ authorized = true, max_duration_secs = 0, reason = json.null }))
  eq(d.action, "refuse")
  eq(d.reason, "insufficient_balance")
end)

test("no answer, errors and garbage fail closed", function()
  local cases = {
    { { status = 0, transport_error = "curl exit code 28" }, "unavailable" },
    { err_body(401, "invalid_token", "the switch API key is invalid or revoked"), "switch_rejected" },
    { err_body(403, "tenant_suspended", "suspended"), "switch_rejected" },
    { err_body(400, "validation_failed", "give exactly one of pin, ani, sip_username", "pin"), "unavailable" },
    { err_body(500, "internal", "boom"), "unavailable" },
    { err_body(503, "service_unavailable", "db down"), "unavailable" },
    { err_body(429, "rate_limited", "slow down"), "unavailable" },
    { { status = 502, body = "<html>bad gateway</html>" }, "unavailable" },
    { { status = 200, body = "<html>captive portal</html>" }, "unavailable" },
    { ok_body({ authorized = false, max_duration_secs = 0, reason = "a_new_reason" }), "unavailable" },
  }
  for i, c in ipairs(cases) do
    local d = core.decide_authorize(c[1])
    eq(d.action, "refuse", "case " .. i)
    eq(d.sip, 503, "case " .. i .. " sip")
    eq(d.prompt, "service-unavailable", "case " .. i .. " prompt")
    if c[2] ~= "unavailable" or i < 10 then eq(d.reason, c[2], "case " .. i .. " reason") end
    truthy(d.log, "case " .. i .. " logs why")
  end
  eq(core.decide_authorize(cases[2][1]).error_code, "invalid_token")
end)

test("lookups: found, unknown, suspended, closed, stock, down", function()
  local card = core.decide_lookup(ok_body({ account_id = "a", customer_id = "c", service_id = "s", kind = "calling_card",
    account_status = "active", service_status = "active", sip_password = json.null }))
  eq(card.found, true)
  eq(card.refusal, nil)
  eq(card.sip_password, nil)
  local susp = core.decide_lookup(ok_body({ kind = "sip", account_status = "unpaid", service_status = "active", sip_password = "pw" }))
  eq(susp.found, true)
  eq(susp.refusal.reason, "account_suspended")
  eq(core.decide_lookup(ok_body({ kind = "calling_card", account_status = "active", service_status = "stock" })).found, false)
  eq(core.decide_lookup(ok_body({ kind = "sip", account_status = "closed", service_status = "active" })).refusal.reason, "unknown_identifier")
  eq(core.decide_lookup(err_body(404, "not_found", "unknown_identifier: no service has this identifier")).refusal.reason, "unknown_identifier")
  eq(core.decide_lookup(err_body(400, "validation_failed", "ani is not a phone number", "ani")).refusal.reason, "unknown_identifier")
  eq(core.decide_lookup({ status = 0, transport_error = "x" }).refusal.reason, "unavailable")
  eq(core.decide_lookup(err_body(401, "authentication_required", "x")).refusal.reason, "switch_rejected")
  eq(core.decide_lookup(err_body(500, "internal", "x")).refusal.sip, 503)
end)

-------------------------------------------------------------------- minutes
test("minutes are rounded down, never promising more than authorized", function()
  eq(core.minutes_to_say(0), 0)
  eq(core.minutes_to_say(59), 0)
  eq(core.minutes_to_say(60), 1)
  eq(core.minutes_to_say(119), 1)
  eq(core.minutes_to_say(120), 2)
  eq(core.minutes_to_say(14400), 240)
  eq(core.minutes_to_say(-5), 0)
  eq(core.minutes_to_say(61.9), 1)
  for secs = 0, 1000 do
    truthy(core.minutes_to_say(secs) * 60 <= secs, "never more at " .. secs)
  end
  eq(core.announcement(45), { { file = "you-have" }, { file = "less-than-one-minute" } })
  eq(core.announcement(60), { { file = "you-have" }, { say_number = 1 }, { file = "minute" } })
  eq(core.announcement(179), { { file = "you-have" }, { say_number = 2 }, { file = "minutes" } })
end)

-------------------------------------------------------------------- bridging
test("the dial string limits the call and hooks the CDR", function()
  local s = core.dial_string(cfg, { service = "calling_card", identifier = "123456", destination = "0044 (20) 7946-0000", max_secs = 754 })
  eq(s, "{ringledger_service=calling_card,ringledger_ident_field=pin,ringledger_ident=123456," ..
    "ringledger_destination=0044 (20) 7946-0000,ringledger_media=audio," ..
    "execute_on_answer='sched_hangup +754 ALLOTTED_TIMEOUT',api_hangup_hook='lua ringledger/cdr_hook.lua'}" ..
    "sofia/gateway/carrier1/442079460000")
  local v = core.dial_string(cfg, { service = "video", identifier = "cam", destination = "+1 555 0100", max_secs = 60.7 })
  truthy(v:find("ringledger_media=video", 1, true), v)
  truthy(v:find("sched_hangup +60 ", 1, true), v)
  local none, why = core.dial_string(cfg, { service = "sip", identifier = "a", destination = "abc", max_secs = 60 })
  eq(none, nil)
  eq(why, "invalid_destination")
  eq(select(2, core.dial_string(cfg, { service = "sip", identifier = "a,b", destination = "44", max_secs = 60 })),
    "a channel variable may not contain a comma")
end)

test("numbers are normalized like Ringledger does", function()
  eq(core.normalize_number("+1 (555) 010-0199"), "15550100199")
  eq(core.normalize_number("0044.20.7946.0000"), "442079460000")
  eq(core.normalize_number("12#"), nil)
  eq(core.normalize_number("1234567890123456"), nil)
end)

-------------------------------------------------------------------- CDRs
test("a CDR is built from the outbound leg's variables", function()
  local vars = {
    uuid = "b-leg-uuid", ringledger_service = "calling_card", ringledger_ident = "123456",
    ringledger_destination = "+44 20 7946 0000", ringledger_media = "audio",
    billsec = "754", start_epoch = "1764190800",
  }
  local rec = assert(core.cdr_from_leg(function(n) return vars[n] end))
  eq(rec, { call_id = "b-leg-uuid", destination = "+44 20 7946 0000", duration_secs = 754,
    media = "audio", pin = "123456", service = "calling_card", start_time = "2025-11-26T21:00:00Z" })
  vars.ringledger_service = "pinless"; vars.ringledger_ident = "+15550100199"; vars.billsec = "0"
  rec = core.cdr_from_leg(function(n) return vars[n] end)
  eq(rec.ani, "+15550100199")
  eq(rec.duration_secs, 0)
  eq(rec.pin, nil)
  eq(core.cdr_from_leg(function() return nil end), nil)
  eq(select(2, core.cdr_from_leg(function(n) return n == "ringledger_service" and "sip" or nil end)), "no uuid")
end)

test("classify_post: done, retry, bad record, split, bad batch", function()
  eq(core.classify_post(ok_body({ accepted = 1, duplicates = 0, rejected = {} }), 1), "done")
  eq(core.classify_post({ status = 0 }, 1), "retry")
  eq(core.classify_post(err_body(503, "service_unavailable", "x"), 1), "retry")
  eq(core.classify_post(err_body(500, "internal", "x"), 1), "retry")
  eq(core.classify_post(err_body(401, "invalid_token", "x"), 1), "retry")
  eq(core.classify_post(err_body(429, "rate_limited", "x"), 1), "retry")
  eq(core.classify_post(err_body(413, "payload_too_large", "x"), 5), "split")
  local what, i = core.classify_post(err_body(400, "validation_failed", "[2].duration_secs: invalid type", "[2].duration_secs"), 5)
  eq(what, "bad_record"); eq(i, 3)
  eq(core.classify_post(err_body(400, "validation_failed", "x", "[9].x"), 5), "bad_batch")
  eq(core.classify_post(err_body(400, "invalid_json", "send a JSON array"), 5), "bad_batch")
end)

-------------------------------------------------------------------- spool
local made = {} -- every temporary directory, removed at the end (failed tests too)
local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  os.execute("mkdir -p '" .. d .. "'")
  made[#made + 1] = d
  return d
end

local function rec(n)
  return { call_id = "call-" .. n, service = "pinless", ani = "+15550100199", destination = "441",
    start_time = "2026-11-26T21:00:00Z", duration_secs = n, media = "audio" }
end

-- A fake Ringledger for POST /api/v1/cdrs: answers from `script` in turn
-- (the last answer repeats) and remembers what it got.
local function fake_post(script)
  local calls, seen = {}, {}
  local i = 0
  local function post(req)
    i = i + 1
    local records = json.decode(req.body)
    calls[#calls + 1] = records
    local answer = script[math.min(i, #script)]
    if type(answer) == "function" then answer = answer(records) end
    if answer == "ok" then
      local acc, dup = 0, 0
      for _, r in ipairs(records) do
        if seen[r.call_id] then dup = dup + 1 else seen[r.call_id] = true; acc = acc + 1 end
      end
      return ok_body({ accepted = acc, duplicates = dup, rejected = json.array() })
    end
    return answer
  end
  return post, calls, seen
end

local function spool_count(fs, dir)
  local n = 0
  for _, name in ipairs(fs.list(dir)) do
    if name:match("%.jsonl$") then n = n + #core.parse_spool(fs.read(dir .. "/" .. name)) end
  end
  return n
end

test("flush posts in batches and empties the spool on 2xx", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 3, base_url = cfg.base_url, api_key = cfg.api_key }
  for n = 1, 7 do assert(core.spool(fs, c, rec(n))) end
  local post, calls, seen = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1000)
  eq(#calls, 3, "three batches of at most 3")
  eq(#calls[1], 3); eq(#calls[3], 1)
  eq(sum.posted, 7); eq(sum.kept, 0); eq(#sum.errors, 0)
  eq(spool_count(fs, dir), 0)
  truthy(seen["call-7"], "the last record arrived")
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush waits after claiming new records, and only then", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 3, base_url = cfg.base_url, api_key = cfg.api_key, settle_ms = 2000 }
  local slept = {}
  local function sleep(ms) slept[#slept + 1] = ms end
  core.flush(fs, c, fake_post({ "ok" }), 1000, sleep)
  eq(#slept, 0, "nothing claimed, no wait")
  core.spool(fs, c, rec(1))
  local post, calls = fake_post({ "ok" })
  core.flush(fs, c, function(req)
    eq(#slept, 1, "waited before posting")
    return post(req)
  end, 1001, sleep)
  eq(slept, { 2000 })
  eq(#calls, 1)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush keeps everything when Ringledger is down, and sends it later exactly once per call id", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 2, base_url = cfg.base_url, api_key = cfg.api_key }
  for n = 1, 3 do core.spool(fs, c, rec(n)) end
  -- first batch goes through, then Ringledger dies
  local post, calls, seen = fake_post({ "ok", { status = 0, transport_error = "curl exit code 7" } })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 2); eq(sum.kept, 1)
  eq(#sum.errors, 1)
  truthy(sum.errors[1]:find("curl exit code 7", 1, true), sum.errors[1])
  eq(spool_count(fs, dir), 1, "only the unsent record is left")
  -- new calls arrive while it is down
  core.spool(fs, c, rec(4))
  local down = fake_post({ err_body(503, "service_unavailable", "db") })
  sum = core.flush(fs, c, down, 1001)
  eq(sum.posted, 0); eq(sum.kept, 2)
  eq(spool_count(fs, dir), 2)
  -- back up
  local post2, calls2 = fake_post({ "ok" })
  sum = core.flush(fs, c, post2, 1002)
  eq(sum.posted, 2); eq(sum.kept, 0)
  eq(spool_count(fs, dir), 0)
  local ids = {}
  for _, b in ipairs(calls2) do for _, r in ipairs(b) do ids[#ids + 1] = r.call_id end end
  table.sort(ids)
  eq(ids, { "call-3", "call-4" })
  os.execute("rm -rf '" .. dir .. "'")
end)

test("a record Ringledger refuses as malformed is set aside, the rest is sent", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 10, base_url = cfg.base_url, api_key = cfg.api_key }
  for n = 1, 3 do core.spool(fs, c, rec(n)) end
  fs.append(dir .. "/cdrs.jsonl", '{"call_id":"cut-short","serv\n')
  local post, calls = fake_post({
    function(records)
      for i, r in ipairs(records) do
        if r.call_id == "call-2" then
          return err_body(400, "validation_failed", "[" .. (i - 1) .. "].duration_secs: bad", "[" .. (i - 1) .. "].duration_secs")
        end
      end
      return "ok"
    end,
  })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 2)
  eq(sum.set_aside, 2, "the malformed record and the unreadable line")
  eq(sum.kept, 0)
  local rejected = fs.list(dir .. "/rejected")
  eq(#rejected, 2)
  local kept = ""
  for _, n in ipairs(rejected) do kept = kept .. fs.read(dir .. "/rejected/" .. n) end
  truthy(kept:find('"call_id":"call-2"', 1, true), "call-2 kept aside")
  truthy(kept:find("cut-short", 1, true), "the cut line kept aside")
  eq(#calls, 2)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("413 halves the batch; another 4xx sets the batch aside", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 4, base_url = cfg.base_url, api_key = cfg.api_key }
  for n = 1, 4 do core.spool(fs, c, rec(n)) end
  local post, calls = fake_post({
    function(records)
      if #records > 1 then return err_body(413, "payload_too_large", "too big") end
      return "ok"
    end,
  })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 4); eq(sum.kept, 0)
  eq(#calls[1], 4); eq(#calls[2], 2); eq(#calls[3], 1)
  for n = 5, 6 do core.spool(fs, c, rec(n)) end
  sum = core.flush(fs, c, fake_post({ err_body(405, "method_not_allowed", "no") }), 1001)
  eq(sum.set_aside, 2); eq(sum.kept, 0)
  eq(spool_count(fs, dir), 0)
  eq(#core.parse_spool(fs.read(dir .. "/rejected/" .. fs.list(dir .. "/rejected")[1])), 2)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("a flush that dies after the answer but before the rewrite only causes duplicates", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir, batch_size = 2, base_url = cfg.base_url, api_key = cfg.api_key }
  for n = 1, 3 do core.spool(fs, c, rec(n)) end
  local post, _, seen = fake_post({ "ok" })
  local crashing = setmetatable({}, { __index = fs })
  crashing.write = function() error("killed") end
  crashing.remove = function() error("killed") end
  truthy(not pcall(core.flush, crashing, c, post, 1000), "the flush died")
  eq(spool_count(fs, dir), 3, "nothing was lost")
  local sum = core.flush(fs, c, post, 1001)
  eq(sum.duplicates, 3)
  eq(sum.posted, 0)
  eq(spool_count(fs, dir), 0)
  truthy(seen["call-3"])
  os.execute("rm -rf '" .. dir .. "'")
end)

-------------------------------------------------------------------- spool guarantees
-- A file system that fails where told: `fail.append(path)` etc. return an
-- error string to fail with, or nil to do the real thing.
local function failing_fs(fail)
  local real = core.posix_fs()
  local f = setmetatable({}, { __index = real })
  for _, op in ipairs({ "append", "read", "write", "remove", "rename" }) do
    f[op] = function(path, ...)
      local e = fail[op] and fail[op](path, ...)
      if e then return nil, e end
      return real[op](path, ...)
    end
  end
  return f, real
end

local function fresh(batch_size, extra)
  local dir = tmpdir()
  local c = { spool_dir = dir, batch_size = batch_size or 3, base_url = cfg.base_url, api_key = cfg.api_key }
  for k, v in pairs(extra or {}) do c[k] = v end
  return dir, c
end

local function has(list, text, what)
  for _, l in ipairs(list) do if l:find(text, 1, true) then return end end
  error((what or "list") .. " lacks '" .. text .. "' in " .. json.encode(json.array(list)), 2)
end

local function logger()
  local lines = {}
  return function(level, msg) lines[#lines + 1] = level .. " " .. msg end, lines
end

local function files(dir)
  local t = {}
  for _, name in ipairs(core.posix_fs().list(dir)) do
    if name:match("%.jsonl$") then t[name] = core.posix_fs().read(dir .. "/" .. name) end
  end
  return t
end

test("fs.append sees a full disk (Lua reports it only when the file is closed)", function()
  local fs = core.posix_fs()
  local ok, err = fs.append("/dev/full", core.spool_line(rec(1)))
  eq(ok, nil, "append to a full disk")
  truthy(tostring(err):find("space", 1, true), tostring(err))
end)

test("an append after a line cut short starts on a new line", function()
  local fs, dir = core.posix_fs(), tmpdir()
  local c = { spool_dir = dir }
  local f = io.open(dir .. "/cdrs.jsonl", "w"); f:write('{"call_id":"cut-sh'); f:close()
  assert(core.spool(fs, c, rec(1)))
  local records, bad = core.parse_spool(fs.read(dir .. "/cdrs.jsonl"))
  eq(#records, 1, "the new record is readable")
  eq(records[1].call_id, "call-1")
  eq(bad, { '{"call_id":"cut-sh' })
  os.execute("rm -rf '" .. dir .. "'")
end)

test("save_cdr: a spool that fails twice then works gets the CDR once", function()
  local dir, c = fresh(3, {})
  local n = 0
  local fs = failing_fs({ append = function(path)
    if path:find("cdrs.jsonl", 1, true) then n = n + 1; if n <= 2 then return "Resource temporarily unavailable" end end
  end })
  local posted = 0
  local slept = {}
  local log, lines = logger()
  local what = core.save_cdr(fs, c, rec(1), function() posted = posted + 1; return ok_body({}) end,
    function(ms) slept[#slept + 1] = ms end, log)
  eq(what, "spooled")
  eq(n, 3, "three attempts")
  eq(#slept, 2, "a pause between attempts")
  eq(posted, 0, "nothing posted directly")
  local records = core.parse_spool(core.posix_fs().read(dir .. "/cdrs.jsonl"))
  eq(#records, 1, "written once")
  eq(records[1].call_id, "call-1")
  has(lines, "WARNING")
  os.execute("rm -rf '" .. dir .. "'")
end)

test("save_cdr: a spool that stays broken: posted at once, alarmed naming the CDR", function()
  local dir, c = fresh(3, { fallback_file = tmpdir() .. "/fallback.jsonl" })
  local fs = failing_fs({ append = function(path)
    if path:find("cdrs.jsonl", 1, true) then return "No space left on device" end
  end })
  local post, calls = fake_post({ "ok" })
  local log, lines = logger()
  eq(core.save_cdr(fs, c, rec(7), post, nil, log), "posted")
  eq(#calls, 1); eq(calls[1][1].call_id, "call-7")
  has(lines, "ERR CDR call-7 NOT SPOOLED")
  eq(core.posix_fs().read(c.fallback_file), nil, "no fallback needed")
  os.execute("rm -rf '" .. dir .. "'")
end)

test("save_cdr: spool broken and Ringledger down: the fallback file, and CRIT with the record", function()
  local dir, c = fresh(3, { fallback_file = tmpdir() .. "/fallback.jsonl" })
  local fs = failing_fs({ append = function(path)
    if path:find("cdrs.jsonl", 1, true) then return "Permission denied" end
  end })
  local log, lines = logger()
  eq(core.save_cdr(fs, c, rec(8), function() return err_body(500, "internal", "boom") end, nil, log), "fallback")
  local records = core.parse_spool(core.posix_fs().read(c.fallback_file))
  eq(#records, 1); eq(records[1].call_id, "call-8")
  has(lines, "CRIT CDR call-8 NOT SPOOLED")
  has(lines, '"call_id":"call-8"', "the whole record is in the log")
  -- and with the fallback file broken too, the log is all that is left
  fs = failing_fs({ append = function() return "Input/output error" end })
  log, lines = logger()
  eq(core.save_cdr(fs, c, rec(9), function() return { status = 0, transport_error = "curl exit code 7" } end, nil, log), "logged")
  has(lines, "CRIT CDR NOT SPOOLED")
  has(lines, '"call_id":"call-9"')
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: Ringledger answers 500: nothing is deleted", function()
  local fs = core.posix_fs()
  local dir, c = fresh(2)
  for n = 1, 5 do assert(core.spool(fs, c, rec(n))) end
  local post, calls = fake_post({ err_body(500, "internal", "boom") })
  local sum = core.flush(fs, c, post, 1000)
  eq(#calls, 1, "stopped at the first 500")
  eq(sum.posted, 0); eq(sum.kept, 5)
  eq(spool_count(fs, dir), 5)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: several files and batches waiting are all drained in one run", function()
  local fs = core.posix_fs()
  local dir, c = fresh(2)
  for n = 1, 3 do assert(core.spool(fs, c, rec(n))) end
  core.flush(fs, c, fake_post({ { status = 0, transport_error = "down" } }), 1000)
  for n = 4, 6 do assert(core.spool(fs, c, rec(n))) end
  core.flush(fs, c, fake_post({ { status = 0, transport_error = "down" } }), 1100)
  for n = 7, 9 do assert(core.spool(fs, c, rec(n))) end
  local post, calls, seen = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1200)
  eq(sum.posted, 9); eq(sum.kept, 0)
  eq(#calls, 6, "batches of 2 from three files")
  eq(spool_count(fs, dir), 0)
  for n = 1, 9 do truthy(seen["call-" .. n], "call-" .. n) end
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: a batch file that cannot be read is left alone, not deleted", function()
  local dir, c = fresh(3)
  for n = 1, 2 do assert(core.spool(core.posix_fs(), c, rec(n))) end
  local fs = failing_fs({ read = function(path)
    if path:find("batch-", 1, true) then return "Too many open files" end
  end })
  local post, calls = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1000)
  eq(#calls, 0)
  eq(spool_count(core.posix_fs(), dir), 2, "nothing lost")
  has(sum.alarms, "Too many open files")
  sum = core.flush(core.posix_fs(), c, post, 1001)
  eq(sum.posted, 2)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: a rewrite that fails keeps the file whole (re-posts are duplicates)", function()
  local dir, c = fresh(2)
  for n = 1, 3 do assert(core.spool(core.posix_fs(), c, rec(n))) end
  local fs = failing_fs({ write = function() return "No space left on device" end })
  local down_after = 1
  local post = fake_post({ function()
    if down_after == 0 then return { status = 0, transport_error = "down" } end
    down_after = down_after - 1
    return "ok"
  end })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 2)
  has(sum.alarms, "No space left on device")
  down_after = 99
  eq(spool_count(core.posix_fs(), dir), 3, "the file is as it was")
  sum = core.flush(core.posix_fs(), c, post, 1001)
  eq(sum.duplicates, 2, "Ringledger ignores the call_ids it has")
  eq(sum.posted, 1); eq(sum.kept, 0)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: a delete that fails is alarmed; the next flush only causes duplicates", function()
  local dir, c = fresh(3)
  for n = 1, 2 do assert(core.spool(core.posix_fs(), c, rec(n))) end
  local fs = failing_fs({ remove = function(path)
    if path:find("batch-", 1, true) then return "Permission denied" end
  end })
  local post = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 2)
  has(sum.alarms, "Permission denied")
  sum = core.flush(core.posix_fs(), c, post, 1001)
  eq(sum.posted, 0); eq(sum.duplicates, 2); eq(sum.kept, 0)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: a refused record that cannot be set aside stays in the spool", function()
  local dir, c = fresh(10)
  for n = 1, 3 do assert(core.spool(core.posix_fs(), c, rec(n))) end
  local fs = failing_fs({ append = function(path)
    if path:find("/rejected/", 1, true) then return "No space left on device" end
  end })
  local function refuse_2(records)
    for i, r in ipairs(records) do
      if r.call_id == "call-2" then
        return err_body(400, "validation_failed", "bad", "[" .. (i - 1) .. "].duration_secs")
      end
    end
    return "ok"
  end
  local post, calls = fake_post({ refuse_2 })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 2); eq(sum.set_aside, 0); eq(sum.kept, 1)
  eq(#calls, 2, "no endless re-post of the refused record")
  has(sum.alarms, "call-2")
  eq(#core.parse_spool((function() local t = "" for _, x in pairs(files(dir)) do t = t .. x end return t end)()), 1)
  -- once rejected/ can be written again, it moves there
  sum = core.flush(core.posix_fs(), c, post, 1001)
  eq(sum.set_aside, 1); eq(sum.kept, 0)
  truthy(core.posix_fs().read(dir .. "/rejected/" .. core.posix_fs().list(dir .. "/rejected")[1]):find("call-2", 1, true))
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: one at a time; a lock left by a dead flush is taken over", function()
  local fs = core.posix_fs()
  local dir, c = fresh(3)
  assert(core.spool(fs, c, rec(1)))
  -- a flush is running (it took the lock at 990)
  fs.mkdir(dir .. "/.flush.lock")
  local f = io.open(dir .. "/.flush.lock/owner", "w"); f:write("990 other\n"); f:close()
  local post, calls = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.busy, true); eq(#calls, 0)
  eq(spool_count(fs, dir), 1)
  -- ... and died: after LOCK_STALE_SECS its lock is taken over
  sum = core.flush(fs, c, post, 990 + core.LOCK_STALE_SECS + 1)
  eq(sum.busy, false); eq(sum.posted, 1)
  has(sum.errors, "flush lock")
  eq(fs.exists(dir .. "/.flush.lock"), false, "released")
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: the lock is released when the flush fails", function()
  local fs = core.posix_fs()
  local dir, c = fresh(3)
  assert(core.spool(fs, c, rec(1)))
  truthy(not pcall(core.flush, fs, c, function() error("boom") end, 1000))
  eq(fs.exists(dir .. "/.flush.lock"), false)
  eq(core.flush(fs, c, fake_post({ "ok" }), 1001).posted, 1)
  os.execute("rm -rf '" .. dir .. "'")
end)

test("flush: the fallback file goes back into the spool and is posted", function()
  local fs = core.posix_fs()
  local dir, c = fresh(3, { fallback_file = tmpdir() .. "/fallback.jsonl" })
  assert(fs.append(c.fallback_file, core.spool_line(rec(1)) .. core.spool_line(rec(2))))
  assert(core.spool(fs, c, rec(3)))
  local post, _, seen = fake_post({ "ok" })
  local sum = core.flush(fs, c, post, 1000)
  eq(sum.posted, 3); eq(sum.kept, 0)
  truthy(seen["call-1"] and seen["call-2"], "the fallback records arrived")
  eq(fs.exists(c.fallback_file), false); eq(fs.exists(c.fallback_file .. ".adopting"), false)
  has(sum.errors, "fallback")
  os.execute("rm -rf '" .. dir .. "'")
end)

-------------------------------------------------------------------- directory
test("the directory document carries the password, escaped, and the context", function()
  local found = core.decide_lookup(ok_body({ kind = "sip", account_status = "active", service_status = "active", sip_password = 'p<&"w' }))
  local xml = core.directory_xml(cfg, "voip.example.com", "alice", found)
  truthy(xml:find('<domain name="voip.example.com">', 1, true), xml)
  truthy(xml:find('<user id="alice" cacheable="30000">', 1, true), xml)
  truthy(xml:find('<param name="password" value="p&lt;&amp;&quot;w"/>', 1, true), xml)
  truthy(xml:find('name="user_context" value="ringledger_sip"', 1, true), xml)
  truthy(xml:find('name="ringledger_service" value="sip"', 1, true), xml)
  local susp = core.decide_lookup(ok_body({ kind = "video", account_status = "suspended", service_status = "active", sip_password = "pw" }))
  truthy(core.directory_xml(cfg, "d", "cam", susp):find('value="video"', 1, true), "a suspended account stays registered")
  eq(core.directory_xml(cfg, "d", "bob", core.decide_lookup(err_body(404, "not_found", "x"))), core.NOT_FOUND_XML)
  eq(core.directory_xml(cfg, "d", "bob", core.decide_lookup({ status = 0 })), core.NOT_FOUND_XML)
  eq(core.directory_xml(cfg, "d", "bob", core.decide_lookup(ok_body({ kind = "calling_card", account_status = "active", service_status = "active" }))), core.NOT_FOUND_XML)
  eq(core.directory_xml(cfg, "d", "bob", core.decide_lookup(ok_body({ kind = "sip", account_status = "closed", service_status = "active", sip_password = "x" }))), core.NOT_FOUND_XML)
end)

for _, d in ipairs(made) do os.execute("rm -rf '" .. d .. "'") end
io.write(string.format("%s: %d passed, %d failed\n", _VERSION, passed, failed))
os.exit(failed == 0 and 0 or 1)
