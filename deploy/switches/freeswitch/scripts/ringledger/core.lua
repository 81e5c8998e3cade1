-- Ringledger for FreeSWITCH: the pure logic.
--
-- Nothing in this file touches FreeSWITCH: it builds the requests Ringledger's
-- switch API expects, turns its answers (or the lack of one) into decisions,
-- builds CDRs and keeps the CDR spool. The FreeSWITCH scripts next to it
-- (card.lua, pinless.lua, sip.lua, directory.lua, cdr_hook.lua, flush.lua)
-- only move data between this module and the channel. It runs on Lua 5.1 to
-- 5.4 with no library beyond the standard one, so `tests/test_core.lua`
-- checks it with a stock interpreter.
--
-- The API (see docs/ARCHITECTURE.md, "Calls"):
--   POST {base}/api/v1/authorize   {"service","pin"|"ani"|"sip_username","destination"}
--     200 {"authorized","max_duration_secs","rate_per_minute","connect_fee",
--          "prefix","allowance_secs","reason"}     (a refusal is a 200 too)
--   POST {base}/api/v1/switch/lookup   {"pin"|"ani"|"sip_user": …}
--     200 {"account_id","customer_id","service_id","kind","account_status",
--          "service_status","sip_password"}        404 not_found when unknown
--   POST {base}/api/v1/cdrs        [{"call_id","service","pin"|"ani"|"sip_username",
--          "destination","start_time","duration_secs","media"}]
--     200 {"accepted","duplicates","rejected":[{"call_id","code"}]}
--   every request: "Authorization: Bearer rlk_…"; every error:
--     {"error":{"code","message","field"}}

local M = {}

M.VERSION = "1"

---------------------------------------------------------------------------
-- JSON (just what the API needs: objects, arrays, strings, numbers, bools,
-- null). Decoded nulls become M.json.null so that a key can be present and
-- null; `M.val(x)` turns that back into nil.
---------------------------------------------------------------------------

local json = {}
M.json = json
json.null = setmetatable({}, { __tostring = function() return "null" end })

local escapes = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t',
}

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function is_array(t)
  if getmetatable(t) and getmetatable(t).__jsontype == "array" then return true end
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  if n == 0 then return false end
  for i = 1, n do
    if t[i] == nil then return false end
  end
  return true
end

--- An empty table that encodes as `[]` rather than `{}`.
function json.array(t)
  return setmetatable(t or {}, { __jsontype = "array" })
end

local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    error("JSON cannot hold " .. tostring(n))
  end
  if n == math.floor(n) and math.abs(n) < 2^53 then
    return string.format("%d", n)
  end
  return string.format("%.17g", n)
end

function json.encode(v)
  local t = type(v)
  if v == nil or v == json.null then
    return "null"
  elseif t == "boolean" then
    return v and "true" or "false"
  elseif t == "number" then
    return encode_number(v)
  elseif t == "string" then
    return encode_string(v)
  elseif t == "table" then
    local parts = {}
    if is_array(v) then
      for i = 1, #v do parts[i] = json.encode(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error("JSON object keys must be strings") end
      keys[#keys + 1] = k
    end
    table.sort(keys) -- stable output, easy to test
    for i, k in ipairs(keys) do
      parts[i] = encode_string(k) .. ":" .. json.encode(v[k])
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode a " .. t .. " as JSON")
end

local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then
    return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
  end
  if cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 0x1000),
      0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return string.char(0xF0 + math.floor(cp / 0x40000),
    0x80 + math.floor(cp / 0x1000) % 0x40,
    0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

--- Decodes JSON text; returns the value, or nil and an error message.
function json.decode(text)
  if type(text) ~= "string" then return nil, "not a string" end
  local pos = 1
  local function fail(msg) error({ json_error = msg .. " at byte " .. pos }) end
  local function skip()
    pos = text:find("[^ \t\r\n]", pos) or (#text + 1)
  end
  local value
  local function str()
    pos = pos + 1 -- opening quote
    local out = {}
    while true do
      local s, e = text:find('^[^"\\]+', pos)
      if s then out[#out + 1] = text:sub(s, e); pos = e + 1 end
      local c = text:sub(pos, pos)
      if c == '"' then pos = pos + 1; return table.concat(out) end
      if c == "" then fail("unterminated string") end
      -- a backslash
      local n = text:sub(pos + 1, pos + 1)
      local simple = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t",
        ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
      if simple[n] then
        out[#out + 1] = simple[n]; pos = pos + 2
      elseif n == "u" then
        local hex = text:sub(pos + 2, pos + 5)
        if not hex:match("^%x%x%x%x$") then fail("bad \\u escape") end
        local cp = tonumber(hex, 16)
        pos = pos + 6
        if cp >= 0xD800 and cp <= 0xDBFF and text:sub(pos, pos + 1) == "\\u" then
          local lo = tonumber(text:sub(pos + 2, pos + 5), 16)
          if lo and lo >= 0xDC00 and lo <= 0xDFFF then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
            pos = pos + 6
          end
        end
        out[#out + 1] = utf8_char(cp)
      else
        fail("bad escape")
      end
    end
  end
  function value()
    skip()
    local c = text:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      skip()
      if text:sub(pos, pos) == "}" then pos = pos + 1; return obj end
      while true do
        skip()
        if text:sub(pos, pos) ~= '"' then fail("expected a key") end
        local k = str()
        skip()
        if text:sub(pos, pos) ~= ":" then fail("expected ':'") end
        pos = pos + 1
        obj[k] = value()
        skip()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then fail("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = json.array()
      skip()
      if text:sub(pos, pos) == "]" then pos = pos + 1; return arr end
      while true do
        arr[#arr + 1] = value()
        skip()
        local d = text:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then fail("expected ',' or ']'") end
      end
    elseif c == '"' then
      return str()
    elseif text:find("^true", pos) then
      pos = pos + 4; return true
    elseif text:find("^false", pos) then
      pos = pos + 5; return false
    elseif text:find("^null", pos) then
      pos = pos + 4; return json.null
    else
      local s, e = text:find("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if not s then fail("unexpected character") end
      local n = tonumber(text:sub(s, e))
      if not n then fail("bad number") end
      pos = e + 1
      return n
    end
  end
  local ok, res = pcall(function()
    local v = value()
    skip()
    if pos <= #text then fail("trailing characters") end
    return v
  end)
  if ok then return res end
  if type(res) == "table" and res.json_error then return nil, res.json_error end
  return nil, tostring(res)
end

--- nil for JSON null (and nil).
function M.val(x)
  if x == json.null then return nil end
  return x
end

---------------------------------------------------------------------------
-- Small helpers
---------------------------------------------------------------------------

--- Percent-encodes everything but RFC 3986 unreserved characters. mod_curl
--- URL-decodes a POST body it is given, and a body without spaces or quotes
--- stays one argument of the `curl` API command.
function M.urlencode(s)
  return (tostring(s):gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

function M.trim(s)
  if s == nil then return nil end
  return (tostring(s):gsub("^%s+", ""):gsub("%s+$", ""))
end

--- What was dialled, reduced the way Ringledger normalises it: spaces, '-',
--- '.', '(' and ')' dropped, then one leading '+' or '00'. Returns the digits,
--- or nil when something else is left (Ringledger would answer
--- invalid_destination).
function M.normalize_number(raw)
  if raw == nil then return nil end
  local s = tostring(raw):gsub("[%s%-%.%(%)]", "")
  if s:sub(1, 1) == "+" then
    s = s:sub(2)
  elseif s:sub(1, 2) == "00" then
    s = s:sub(3)
  end
  if s:match("^%d+$") and #s <= 15 then return s end
  return nil
end

--- RFC 3339 in UTC for a Unix time (seconds).
function M.rfc3339(epoch)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(tonumber(epoch) or 0))
end

--- XML attribute escaping (directory documents).
function M.xml_escape(s)
  return (tostring(s):gsub("[&<>\"']", {
    ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;",
  }))
end

---------------------------------------------------------------------------
-- Configuration: FreeSWITCH global variables (vars.xml), read through a
-- getter so that tests pass a table.
---------------------------------------------------------------------------

M.DEFAULTS = {
  ringledger_base_url = "",
  ringledger_api_key = "",
  ringledger_connect_timeout = "2",
  ringledger_timeout = "5",
  ringledger_spool_dir = "/var/spool/freeswitch/ringledger",
  ringledger_batch_size = "200",
  ringledger_dial_template = "sofia/gateway/carrier/{number}",
  ringledger_prompt_dir = "ringledger",
  ringledger_pin_max_digits = "20",
  ringledger_pin_attempts = "3",
  ringledger_destination_attempts = "3",
  ringledger_digit_timeout = "5000",
  ringledger_directory_cache_ms = "30000",
  ringledger_refusal_prompts = "true",
  ringledger_insecure_tls = "false",
  -- where a CDR goes when the spool cannot take it and Ringledger does not
  -- answer; empty: $${log_dir}/ringledger-cdrs-fallback.jsonl
  ringledger_fallback_file = "",
}

--- Builds the configuration from `get(name)` (returns a string or nil).
function M.config(get)
  local function v(name)
    local x = get(name)
    if x == nil or x == "" then x = M.DEFAULTS[name] end
    return x
  end
  local base = (v("ringledger_base_url") or ""):gsub("/+$", "")
  local fallback = v("ringledger_fallback_file")
  if fallback == nil or fallback == "" then
    local logs = get("log_dir")
    if logs == nil or logs == "" then logs = "/var/log/freeswitch" end
    fallback = logs .. "/ringledger-cdrs-fallback.jsonl"
  end
  return {
    base_url = base,
    api_key = M.trim(v("ringledger_api_key")) or "",
    connect_timeout = tonumber(v("ringledger_connect_timeout")) or 2,
    timeout = tonumber(v("ringledger_timeout")) or 5,
    spool_dir = v("ringledger_spool_dir"),
    batch_size = tonumber(v("ringledger_batch_size")) or 200,
    dial_template = v("ringledger_dial_template"),
    prompt_dir = v("ringledger_prompt_dir"),
    pin_max_digits = tonumber(v("ringledger_pin_max_digits")) or 20,
    pin_attempts = tonumber(v("ringledger_pin_attempts")) or 3,
    destination_attempts = tonumber(v("ringledger_destination_attempts")) or 3,
    digit_timeout = tonumber(v("ringledger_digit_timeout")) or 5000,
    directory_cache_ms = tonumber(v("ringledger_directory_cache_ms")) or 0,
    refusal_prompts = v("ringledger_refusal_prompts") == "true",
    insecure_tls = v("ringledger_insecure_tls") == "true",
    fallback_file = fallback,
  }
end

--- Problems that make the kit unusable (empty when none).
function M.config_problems(cfg)
  local p = {}
  if not cfg.base_url:match("^https?://") then
    p[#p + 1] = "ringledger_base_url must be http(s)://host[:port]"
  end
  if not cfg.api_key:match("^rlk_[%x]+_[%x]+_[%w_%-]+$") then
    p[#p + 1] = "ringledger_api_key must be a switch key rlk_… (console → Settings → Switch keys)"
  end
  return p
end

---------------------------------------------------------------------------
-- Requests
---------------------------------------------------------------------------

--- The identifier field each service kind is authorized by.
M.IDENT_FIELD = {
  calling_card = "pin",
  pinless = "ani",
  sip = "sip_username",
  video = "sip_username",
}

--- A request description: {method, url, headers = {...}, body = string|nil}.
function M.authorize_request(cfg, service, identifier, destination)
  local field = M.IDENT_FIELD[service]
  if not field then error("unknown service " .. tostring(service)) end
  local body = { service = service, destination = tostring(destination or "") }
  body[field] = tostring(identifier or "")
  return {
    method = "POST",
    url = cfg.base_url .. "/api/v1/authorize",
    headers = { "Authorization: Bearer " .. cfg.api_key, "Accept: application/json" },
    content_type = "application/json",
    body = json.encode(body),
  }
end

--- `by` is "pin", "ani" or "sip_user". The identifier goes in the body:
--- a PIN never travels in a URL (proxies and access logs keep URLs).
function M.lookup_request(cfg, by, value)
  return {
    method = "POST",
    url = cfg.base_url .. "/api/v1/switch/lookup",
    headers = { "Authorization: Bearer " .. cfg.api_key, "Accept: application/json" },
    content_type = "application/json",
    body = json.encode({ [by] = value or "" }),
  }
end

function M.cdr_request(cfg, records)
  return {
    method = "POST",
    url = cfg.base_url .. "/api/v1/cdrs",
    headers = { "Authorization: Bearer " .. cfg.api_key, "Accept: application/json" },
    content_type = "application/json",
    body = json.encode(json.array(records)),
  }
end

--- The argument string of FreeSWITCH's `curl` API command (mod_curl) for a
--- request: `api:executeString("curl " .. M.curl_args(req, cfg))`. mod_curl
--- splits it on spaces, honours single quotes, and URL-decodes the body.
function M.curl_args(req, cfg)
  local a = { req.url, "json",
    "connect-timeout", tostring(cfg.connect_timeout),
    "timeout", tostring(cfg.timeout) }
  for _, h in ipairs(req.headers or {}) do
    if h:find("'", 1, true) then error("a header may not contain a single quote") end
    a[#a + 1] = "append_headers"
    a[#a + 1] = "'" .. h .. "'"
  end
  -- mod_curl skips certificate checks unless told otherwise (its
  -- validate-certs setting defaults to false): the key must not go to
  -- whoever answers, so verify, unless ringledger_insecure_tls=true.
  a[#a + 1] = cfg.insecure_tls and "insecure" or "secure"
  if req.method == "POST" then
    a[#a + 1] = "content-type"
    a[#a + 1] = req.content_type or "application/json"
    a[#a + 1] = "post"
    a[#a + 1] = M.urlencode(req.body or "")
  else
    a[#a + 1] = "get"
  end
  return table.concat(a, " ")
end

---------------------------------------------------------------------------
-- Responses
--
-- An HTTP result is {status = number (0: no answer), body = string|nil,
-- transport_error = string|nil}. `parse_curl_json` makes one from what
-- `curl … json` prints: {"exit_code":"0","status_code":"200","body":"…"}.
---------------------------------------------------------------------------

function M.parse_curl_json(out)
  if out == nil or out == "" then
    return { status = 0, transport_error = "no output from the curl API (is mod_curl loaded?)" }
  end
  if tostring(out):match("^%-ERR") or tostring(out):match("^%-USAGE") then
    return { status = 0, transport_error = M.trim(out) }
  end
  local t, err = json.decode(out)
  if type(t) ~= "table" then
    return { status = 0, transport_error = "unreadable curl output: " .. tostring(err) }
  end
  local status = tonumber(M.val(t.status_code)) or 0
  local exit = tonumber(M.val(t.exit_code)) or 0
  local r = { status = status, body = M.val(t.body) }
  if exit ~= 0 or status == 0 then
    -- libcurl codes: 6 cannot resolve, 7 cannot connect, 28 timed out, 35/60 TLS
    r.status = 0
    r.transport_error = "curl exit code " .. exit
  end
  return r
end

--- The error envelope of a non-2xx answer: code, message, field (or nils).
function M.error_of(res)
  local t = res.body and json.decode(res.body)
  if type(t) == "table" and type(t.error) == "table" then
    return M.val(t.error.code), M.val(t.error.message), M.val(t.error.field)
  end
  return nil, nil, nil
end

-- What each outcome means for the caller.
--   prompt: file (under cfg.prompt_dir) played in the IVR / as early media
--   sip:    the SIP response sent to an unanswered caller (PINless, SIP)
--   cause:  the FreeSWITCH hangup cause
--   retry:  "pin" or "destination" when the IVR asks again
M.OUTCOMES = {
  unknown_identifier   = { prompt = "invalid-pin", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED", retry = "pin" },
  service_mismatch     = { prompt = "invalid-pin", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED", retry = "pin" },
  account_suspended    = { prompt = "account-suspended", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  email_unverified     = { prompt = "email-unverified", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  customer_suspended   = { prompt = "account-suspended", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  customer_closed      = { prompt = "account-closed", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  card_expired         = { prompt = "card-expired", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  invalid_destination  = { prompt = "invalid-destination", sip = 484, phrase = "Address Incomplete", cause = "INVALID_NUMBER_FORMAT", retry = "destination" },
  no_rate              = { prompt = "destination-not-allowed", sip = 404, phrase = "Not Found", cause = "NO_ROUTE_DESTINATION", retry = "destination" },
  insufficient_balance = { prompt = "insufficient-balance", sip = 402, phrase = "Payment Required", cause = "CALL_REJECTED", retry = "destination" },
  -- Fraud control (issue 24).
  concurrent_limit     = { prompt = "service-unavailable", sip = 486, phrase = "Busy Here", cause = "USER_BUSY" },
  rate_limit           = { prompt = "service-unavailable", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  spend_limit          = { prompt = "insufficient-balance", sip = 402, phrase = "Payment Required", cause = "CALL_REJECTED" },
  destination_blocked  = { prompt = "destination-not-allowed", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED", retry = "destination" },
  fraud_suspended      = { prompt = "account-suspended", sip = 403, phrase = "Forbidden", cause = "CALL_REJECTED" },
  -- Ringledger not usable: wrong key, suspended operator, down, too slow.
  switch_rejected      = { prompt = "service-unavailable", sip = 503, phrase = "Service Unavailable", cause = "SERVICE_UNAVAILABLE" },
  unavailable          = { prompt = "service-unavailable", sip = 503, phrase = "Service Unavailable", cause = "SERVICE_UNAVAILABLE" },
}

local function outcome(reason, extra)
  local o = M.OUTCOMES[reason] or M.OUTCOMES.unavailable
  local d = { action = "refuse", reason = reason, prompt = o.prompt, sip = o.sip,
    phrase = o.phrase, cause = o.cause, retry = o.retry }
  for k, v in pairs(extra or {}) do d[k] = v end
  return d
end
M.outcome = outcome

--- The decision for an authorize answer:
---   {action = "bridge", max_secs, minutes, rate_per_minute, prefix}
---   {action = "refuse", reason, prompt, sip, phrase, cause, retry, log}
--- Fails closed: no answer, an error status or a body that does not parse
--- never lets a call through.
function M.decide_authorize(res)
  if res.status == 0 then
    return outcome("unavailable", { log = "Ringledger unreachable: " .. tostring(res.transport_error) })
  end
  if res.status ~= 200 then
    local code, message = M.error_of(res)
    local reason = "unavailable"
    if res.status == 401 or res.status == 403 then reason = "switch_rejected" end
    return outcome(reason, { log = string.format("authorize answered %d %s: %s",
      res.status, tostring(code), tostring(message)), error_code = code })
  end
  local t = json.decode(res.body or "")
  if type(t) ~= "table" or type(t.authorized) ~= "boolean" then
    return outcome("unavailable", { log = "authorize answered 200 with an unreadable body" })
  end
  local secs = math.floor(tonumber(M.val(t.max_duration_secs)) or 0)
  if t.authorized and secs > 0 then
    return {
      action = "bridge",
      max_secs = secs,
      minutes = M.minutes_to_say(secs),
      rate_per_minute = M.val(t.rate_per_minute),
      prefix = M.val(t.prefix),
    }
  end
  local reason = M.val(t.reason)
  if reason == nil or not M.OUTCOMES[reason] then
    -- authorized with 0 seconds, or a reason this kit does not know yet
    reason = reason or "insufficient_balance"
    if not M.OUTCOMES[reason] then
      return outcome("unavailable", { reason = reason, log = "unknown refusal reason " .. reason })
    end
  end
  return outcome(reason)
end

--- The decision for a lookup answer (PIN check in the IVR, SIP directory):
---   {found = true, kind, account_status, service_status, sip_password}
---   {found = false, reason = outcome…}
function M.decide_lookup(res)
  if res.status == 200 then
    local t = json.decode(res.body or "")
    if type(t) ~= "table" or not M.val(t.kind) then
      return { found = false, refusal = outcome("unavailable", { log = "lookup answered 200 with an unreadable body" }) }
    end
    local d = {
      found = true,
      kind = M.val(t.kind),
      account_status = M.val(t.account_status),
      service_status = M.val(t.service_status),
      sip_password = M.val(t.sip_password),
    }
    if d.account_status == "closed" or d.service_status == "closed" or d.service_status == "stock" then
      -- a card still in stock has no customer yet: as good as unknown
      d.found = false
      d.refusal = outcome("unknown_identifier")
    elseif d.account_status ~= "active" or d.service_status ~= "active" then
      d.refusal = outcome("account_suspended")
    end
    return d
  end
  if res.status == 404 then
    return { found = false, refusal = outcome("unknown_identifier") }
  end
  if res.status == 400 then
    -- e.g. "ani is not a phone number": nothing can match it
    return { found = false, refusal = outcome("unknown_identifier") }
  end
  if res.status == 0 then
    return { found = false, refusal = outcome("unavailable", { log = "Ringledger unreachable: " .. tostring(res.transport_error) }) }
  end
  local code, message = M.error_of(res)
  local reason = (res.status == 401 or res.status == 403) and "switch_rejected" or "unavailable"
  return { found = false, refusal = outcome(reason, { log = string.format("lookup answered %d %s: %s",
    res.status, tostring(code), tostring(message)) }) }
end

--- The prompt for a refusal: a PINless or SIP caller has no PIN to get wrong.
function M.refusal_prompt(decision, service)
  if service ~= "calling_card" and (decision.reason == "unknown_identifier" or decision.reason == "service_mismatch") then
    return "not-registered"
  end
  return decision.prompt
end

--- Whole minutes to announce: rounded DOWN, never more than authorized.
function M.minutes_to_say(secs)
  secs = math.floor(tonumber(secs) or 0)
  if secs <= 0 then return 0 end
  return math.floor(secs / 60)
end

--- What the caller hears before the call: a list of steps
--- {file = "…"} or {say_number = n}.
function M.announcement(secs)
  local m = M.minutes_to_say(secs)
  if m == 0 then
    return { { file = "you-have" }, { file = "less-than-one-minute" } }
  end
  return { { file = "you-have" }, { say_number = m }, { file = m == 1 and "minute" or "minutes" } }
end

---------------------------------------------------------------------------
-- Bridging
---------------------------------------------------------------------------

--- The outbound leg's dial string. The leg carries what its CDR needs (read
--- back by cdr_hook.lua when it hangs up) and hangs itself up
--- `max_secs` after it answers.
function M.dial_string(cfg, call)
  local number = M.normalize_number(call.destination)
  if not number then return nil, "invalid_destination" end
  local ident_field = M.IDENT_FIELD[call.service]
  local vars = {
    "ringledger_service=" .. call.service,
    "ringledger_ident_field=" .. ident_field,
    "ringledger_ident=" .. tostring(call.identifier),
    "ringledger_destination=" .. tostring(call.destination),
    "ringledger_media=" .. (call.service == "video" and "video" or "audio"),
    "execute_on_answer='sched_hangup +" .. math.floor(call.max_secs) .. " ALLOTTED_TIMEOUT'",
    "api_hangup_hook='lua ringledger/cdr_hook.lua'",
  }
  for _, v in ipairs(vars) do
    if v:find(",", 1, true) then return nil, "a channel variable may not contain a comma" end
  end
  local target = cfg.dial_template:gsub("{number}", number)
  return "{" .. table.concat(vars, ",") .. "}" .. target
end

---------------------------------------------------------------------------
-- CDRs
---------------------------------------------------------------------------

--- A CDR from the outbound leg's variables (`get(name)`): nil and a reason
--- when the leg is not one of ours.
function M.cdr_from_leg(get)
  local service = get("ringledger_service")
  if not service or not M.IDENT_FIELD[service] then return nil, "not a Ringledger leg" end
  local call_id = get("uuid")
  if not call_id or call_id == "" then return nil, "no uuid" end
  local billsec = math.floor(tonumber(get("billsec") or "0") or 0)
  local start = tonumber(get("start_epoch") or "")
  if not start or start <= 0 then start = os.time() - billsec end
  local rec = {
    call_id = call_id,
    service = service,
    destination = get("ringledger_destination") or "",
    start_time = M.rfc3339(start),
    duration_secs = billsec,
    media = get("ringledger_media") or "audio",
  }
  rec[M.IDENT_FIELD[service]] = get("ringledger_ident") or ""
  return rec
end

--- One spool line (JSON, newline-terminated).
function M.spool_line(rec)
  return json.encode(rec) .. "\n"
end

--- Parses spool text: the records, and the lines that are not records
--- (a line cut short by a crash, say), which are kept aside, never dropped.
function M.parse_spool(text)
  local records, bad = {}, {}
  for line in (text or ""):gmatch("[^\n]+") do
    if line:match("%S") then
      local t = json.decode(line)
      if type(t) == "table" and type(t.call_id) == "string" and t.call_id ~= "" then
        records[#records + 1] = t
      else
        bad[#bad + 1] = line
      end
    end
  end
  return records, bad
end

--- What to do with a batch after posting it:
---   "done"        2xx: Ringledger has it (accepted, duplicate, or rejected
---                 and kept for re-rating) — delete it from the spool
---   "retry"       no answer, 5xx, 429, 401/403 (key or operator problem):
---                 keep it and try again later
---   "bad_record"  400 naming one record ([i].field): set that record aside
---                 (index, 1-based) and send the rest
---   "split"       413: send smaller batches
---   "bad_batch"   any other 4xx: set the batch aside for a person to look at
function M.classify_post(res, batch_len)
  local s = res.status or 0
  if s >= 200 and s < 300 then return "done" end
  if s == 0 or s >= 500 or s == 429 or s == 401 or s == 403 or s == 408 then return "retry" end
  if s == 413 then return "split" end
  if s == 400 then
    local _, _, field = M.error_of(res)
    local i = field and tostring(field):match("^%[(%d+)%]")
    if i and tonumber(i) < (batch_len or math.huge) then return "bad_record", tonumber(i) + 1 end
  end
  return "bad_batch"
end

---------------------------------------------------------------------------
-- The spool on disk. `fs` is a table of file operations (M.posix_fs() with
-- plain Lua io/os; tests use it on a temporary directory). Each returns a
-- true value, or nil and an error message; every result is checked:
--   fs.append(path, text)  fs.read(path) -> text | nil, err
--   fs.write(path, text)   (atomic: a temporary file of its own + rename)
--   fs.rename(a, b)  fs.remove(path)  fs.exists(path)  fs.list(dir) -> names
--   fs.mkdir(dir)
--   fs.lock(path, since, token) -> true | false (held) | nil, err
--   fs.lock_owner(path) -> since, token   fs.lock_refresh(path, since, token)
--   fs.unlock(path, token)
--
-- Layout of cfg.spool_dir:
--   cdrs.jsonl         new records, appended by the hangup hook
--   batch-*.jsonl      records claimed by a flush (renamed from cdrs.jsonl;
--                      a rename cannot lose an append in progress)
--   rejected/*.jsonl   records Ringledger refused as malformed (400), kept
--                      for a person; never deleted by the kit
--   .flush.lock/       held by the running flush (one at a time)
-- and cfg.fallback_file: records the hook could not spool nor post; the
-- next flush moves them back into the spool.
---------------------------------------------------------------------------

function M.posix_fs()
  local fs = {}
  --- Appends whole lines. Lua's io buffers: a full disk or an I/O error
  --- shows only when the file is closed, so close is checked too.
  function fs.append(path, text)
    -- a line cut short by an earlier failure (full disk, crash) must not
    -- swallow this record: start on a new line
    local r = io.open(path, "rb")
    if r then
      local size = r:seek("end")
      if size and size > 0 and r:seek("set", size - 1) and r:read(1) ~= "\n" then
        text = "\n" .. text
      end
      r:close()
    end
    local f, err = io.open(path, "ab")
    if not f then return nil, err end
    -- one write(2) of the whole text (O_APPEND): appends from several
    -- hooks do not interleave
    f:setvbuf("full", math.max(4096, #text + 1))
    local ok, werr = f:write(text)
    local closed, cerr = f:close()
    if not ok then return nil, werr end
    if not closed then return nil, cerr end
    return true
  end
  --- The file's text; nil and the error when it cannot be read (missing,
  --- too many open files, I/O error): never "" for a file that has lines.
  function fs.read(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local t, rerr = f:read("*a")
    f:close()
    if t == nil then return nil, rerr or "read error" end
    return t
  end
  function fs.write(path, text)
    -- a temporary file of its own: two writers never share one
    local tmp = string.format("%s.tmp-%d-%06d", path, os.time(), math.random(0, 999999))
    local f, err = io.open(tmp, "wb")
    if not f then return nil, err end
    local ok, werr = f:write(text)
    local closed, cerr = f:close()
    if not ok or not closed then
      os.remove(tmp)
      return nil, werr or cerr
    end
    local renamed, rerr = os.rename(tmp, path)
    if not renamed then
      os.remove(tmp)
      return nil, rerr
    end
    return true
  end
  function fs.rename(a, b) return os.rename(a, b) end
  function fs.remove(path) return os.remove(path) end
  function fs.exists(path)
    local f = io.open(path, "r")
    if f then f:close(); return true end
    return false
  end
  function fs.list(dir)
    local names = {}
    local p = io.popen("ls -1 '" .. dir:gsub("'", "'\\''") .. "' 2>/dev/null")
    if p then
      for name in p:lines() do names[#names + 1] = name end
      p:close()
    end
    table.sort(names)
    return names
  end
  function fs.mkdir(dir)
    local r = os.execute("mkdir -p '" .. dir:gsub("'", "'\\''") .. "' 2>/dev/null")
    return r == true or r == 0
  end
  -- The flush lock: a directory holding the file "owner" ("<since> <token>").
  -- It is made under another name and renamed into place; a rename onto a
  -- directory that is not empty fails, so only one flush gets it.
  local function write_owner(dir, since, token)
    local f = io.open(dir .. "/owner.tmp", "wb")
    if not f then return false end
    local ok = f:write(string.format("%d %s\n", since, token))
    local closed = f:close()
    return ok and closed and os.rename(dir .. "/owner.tmp", dir .. "/owner") and true or false
  end
  function fs.lock(path, since, token)
    local prep = path .. ".new-" .. token
    fs.mkdir(prep)
    if write_owner(prep, since, token) and os.rename(prep, path) then return true end
    local made = fs.exists(prep .. "/owner")
    os.remove(prep .. "/owner.tmp"); os.remove(prep .. "/owner"); os.remove(prep)
    if not made then return nil, "cannot write in " .. path:match("^(.*)/") end
    return false
  end
  function fs.lock_owner(path)
    local since, token = (fs.read(path .. "/owner") or ""):match("^(%d+) (%S+)")
    return tonumber(since), token
  end
  function fs.lock_refresh(path, since, token)
    local _, holder = fs.lock_owner(path)
    if holder == token then write_owner(path, since, token) end
  end
  function fs.unlock(path, token)
    local _, holder = fs.lock_owner(path)
    if token == nil or holder == token then
      os.remove(path .. "/owner"); os.remove(path)
    end
  end
  return fs
end

--- Appends one CDR to the spool (one attempt; see M.save_cdr).
function M.spool(fs, cfg, rec)
  return fs.append(cfg.spool_dir .. "/cdrs.jsonl", M.spool_line(rec))
end

M.SPOOL_ATTEMPTS = 3

--- Saves the CDR of a call that ended; never loses it without saying so.
---   1. the spool, up to M.SPOOL_ATTEMPTS times (a pause between, the spool
---      directory made again after the first failure): "spooled";
---   2. then posted at once, `post(req)`: on a 2xx "posted" (ERR log);
---   3. then appended to cfg.fallback_file: "fallback" (CRIT log with the
---      whole record; the next flush moves it back into the spool);
---   4. else "logged": the CRIT log line holds the whole record.
--- `log(level, message)`, `sleep(ms)` (may be nil).
function M.save_cdr(fs, cfg, rec, post, sleep, log)
  local id = tostring(rec.call_id)
  local err
  for attempt = 1, M.SPOOL_ATTEMPTS do
    local ok, e = M.spool(fs, cfg, rec)
    if ok then
      if attempt > 1 then
        log("WARNING", string.format("CDR %s spooled at attempt %d (before: %s)", id, attempt, tostring(err)))
      end
      return "spooled"
    end
    err = e
    log("WARNING", string.format("CDR %s: spool write failed (%s), attempt %d of %d", id, tostring(e), attempt, M.SPOOL_ATTEMPTS))
    if attempt == 1 then fs.mkdir(cfg.spool_dir) end
    if attempt < M.SPOOL_ATTEMPTS and sleep then sleep(100 * attempt) end
  end
  local line = json.encode(rec)
  local why = "no post function"
  if post then
    local called, res = pcall(post, M.cdr_request(cfg, { rec }))
    if called and type(res) == "table" and (res.status or 0) >= 200 and res.status < 300 then
      log("ERR", string.format("CDR %s NOT SPOOLED (%s) in %s; posted to Ringledger at once (HTTP %d)",
        id, tostring(err), tostring(cfg.spool_dir), res.status))
      return "posted"
    end
    if not called then why = tostring(res)
    elseif type(res) ~= "table" then why = "no answer"
    elseif (res.status or 0) == 0 then why = tostring(res.transport_error)
    else why = "HTTP " .. tostring(res.status) end
  end
  local fb = cfg.fallback_file
  local fok, ferr = nil, "no ringledger_fallback_file"
  if fb and fb ~= "" then fok, ferr = fs.append(fb, line .. "\n") end
  if fok then
    log("CRIT", string.format("CDR %s NOT SPOOLED (%s) and not posted (%s); written to %s (the next flush takes it back): %s",
      id, tostring(err), why, fb, line))
    return "fallback"
  end
  log("CRIT", string.format("CDR NOT SPOOLED (%s; not posted: %s; fallback file: %s), post it by hand: %s",
    tostring(err), why, tostring(ferr), line))
  return "logged"
end

local function join(lines)
  if #lines == 0 then return "" end
  return table.concat(lines, "\n") .. "\n"
end

local function new_batch_name(fs, dir, now)
  local name
  repeat
    name = string.format("batch-%d-%06d%06d.jsonl", now, math.random(0, 999999), math.random(0, 999999))
  until not fs.exists(dir .. "/" .. name)
  return name
end

-- an error-level problem a person must see (flush.lua logs it at ERR)
local function alarm(sum, msg) sum.alarms[#sum.alarms + 1] = msg end
-- a warning (Ringledger down, a retry): logged at WARNING
local function warn(sum, msg) sum.errors[#sum.errors + 1] = msg end

local REPOSTED = "; its records will be posted again (Ringledger ignores a call_id it has: nothing is billed twice)"

--- Moves lines to rejected/`file`; false (and an alarm) when they could not
--- be written there: the caller then keeps them in the spool.
local function set_aside(fs, dir, file, text, sum, what)
  fs.mkdir(dir .. "/rejected")
  local ok, err = fs.append(dir .. "/rejected/" .. file, text)
  if ok then
    alarm(sum, what .. ", moved to rejected/" .. file)
    return true
  end
  alarm(sum, what .. "; could not be moved to rejected/ (" .. tostring(err) .. "): kept in the spool")
  return false
end

--- CDRs of the fallback file (the hook could neither spool nor post them)
--- become a batch file. It was renamed to `adopting` before the settle
--- pause, so no hook is still writing to it.
local function adopt(fs, cfg, adopting, now, sum)
  local text, err = fs.read(adopting)
  if text == nil then
    alarm(sum, "cannot read " .. adopting .. " (" .. tostring(err) .. "): the CDRs in it are not in the spool")
    return
  end
  if text:match("%S") then
    local name = new_batch_name(fs, cfg.spool_dir, now)
    local ok, werr = fs.write(cfg.spool_dir .. "/" .. name, text)
    if not ok then
      alarm(sum, "cannot move " .. adopting .. " into the spool (" .. tostring(werr) .. "): its CDRs wait there")
      return
    end
    warn(sum, string.format("%d CDR(s) of the fallback file %s moved back into the spool (%s)",
      #M.parse_spool(text), tostring(cfg.fallback_file), name))
  end
  local ok, rerr = fs.remove(adopting)
  if not ok then alarm(sum, "cannot delete " .. adopting .. " (" .. tostring(rerr) .. ")" .. REPOSTED) end
end

--- Posts one batch file. Returns true when Ringledger cannot take CDRs now.
local function flush_file(fs, cfg, post, name, sum, refresh)
  local dir = cfg.spool_dir
  local path = dir .. "/" .. name
  local text, rerr = fs.read(path)
  if text == nil then
    alarm(sum, "cannot read " .. path .. " (" .. tostring(rerr) .. "): left as it is for the next flush")
    return false
  end
  local records, bad = M.parse_spool(text)
  local held = {} -- lines that could not be set aside: they stay in the file
  if #bad > 0 then
    if set_aside(fs, dir, "unreadable-" .. name, join(bad), sum, #bad .. " unreadable line(s) of " .. name) then
      sum.set_aside = sum.set_aside + #bad
    else
      for _, l in ipairs(bad) do held[#held + 1] = l end
    end
  end
  local remaining = records
  local size = math.max(1, cfg.batch_size)
  local stop = false
  while #remaining > 0 and not stop do
    refresh()
    local n = math.min(size, #remaining)
    local batch = {}
    for i = 1, n do batch[i] = remaining[i] end
    local res = post(M.cdr_request(cfg, batch))
    local what, index = M.classify_post(res, #batch)
    if what == "done" then
      local t = json.decode(res.body or "")
      if type(t) ~= "table" then t = {} end
      sum.posted = sum.posted + (tonumber(M.val(t.accepted)) or 0)
      sum.duplicates = sum.duplicates + (tonumber(M.val(t.duplicates)) or 0)
      if type(t.rejected) == "table" then sum.rejected = sum.rejected + #t.rejected end
      local rest = {}
      for i = n + 1, #remaining do rest[#rest + 1] = remaining[i] end
      remaining = rest
    elseif what == "bad_record" then
      local _, message = M.error_of(res)
      local r = batch[index]
      if set_aside(fs, dir, "invalid-" .. name, M.spool_line(r), sum,
          "record " .. tostring(r.call_id) .. " refused (" .. tostring(message) .. ")") then
        sum.set_aside = sum.set_aside + 1
      else
        held[#held + 1] = json.encode(r) -- not posted again in this run
      end
      table.remove(remaining, index)
    elseif what == "split" and n > 1 then
      size = math.max(1, math.floor(n / 2))
    elseif what == "bad_batch" or what == "split" then
      local l = {}
      for i = 1, n do l[i] = json.encode(batch[i]) end
      local code, message = M.error_of(res)
      if set_aside(fs, dir, "refused-" .. name, join(l), sum, string.format("batch of %d refused with %d %s: %s",
          n, res.status or 0, tostring(code), tostring(message))) then
        sum.set_aside = sum.set_aside + n
      else
        for i = 1, n do held[#held + 1] = l[i] end
      end
      local rest = {}
      for i = n + 1, #remaining do rest[#rest + 1] = remaining[i] end
      remaining = rest
    else -- retry later: keep everything left, stop this flush
      local code, message = M.error_of(res)
      warn(sum, string.format("Ringledger not taking CDRs (%s); %d kept for the next flush",
        res.status == 0 and tostring(res.transport_error) or (tostring(res.status) .. " " .. tostring(code) .. " " .. tostring(message)),
        #remaining))
      stop = true
    end
  end
  -- what stays in the file: what was neither acknowledged (2xx) nor set aside
  local left = {}
  for _, l in ipairs(held) do left[#left + 1] = l end
  for _, r in ipairs(remaining) do left[#left + 1] = json.encode(r) end
  if #left == 0 then
    local ok, err = fs.remove(path)
    if not ok then alarm(sum, "cannot delete " .. path .. " (" .. tostring(err) .. ")" .. REPOSTED) end
  elseif #left < #records + #bad then
    local ok, err = fs.write(path, join(left))
    if not ok then
      alarm(sum, "cannot rewrite " .. path .. " (" .. tostring(err) .. "), kept whole" .. REPOSTED)
    end
  end
  return stop
end

M.LOCK_STALE_SECS = 600

--- Takes the flush lock: true (and a note when a dead flush's lock was
--- taken over), false when another flush holds it, nil and an error.
local function take_lock(fs, dir, now, token)
  if not fs.lock then return true end
  local path = dir .. "/.flush.lock"
  local ok, err = fs.lock(path, now, token)
  if ok then return true end
  if ok == nil then return nil, err end
  local since = fs.lock_owner(path)
  if since and now - since <= M.LOCK_STALE_SECS then return false end
  -- refreshed at every post: its flush died (FreeSWITCH stopped mid-flush)
  local aside = path .. ".stale-" .. token
  if fs.rename(path, aside) then fs.unlock(aside) end
  ok, err = fs.lock(path, now, token)
  if ok then
    return true, "took over the flush lock of a flush that stopped (held since " .. tostring(since) .. ")"
  end
  return ok, err
end

local function flush_locked(fs, cfg, post, now, sleep, sum, refresh)
  local dir = cfg.spool_dir
  local settle = false
  local fb = cfg.fallback_file
  local adopting = (fb and fb ~= "") and (fb .. ".adopting") or nil
  if adopting and not fs.exists(adopting) and fs.exists(fb) then
    local ok, err = fs.rename(fb, adopting)
    if ok then settle = true else alarm(sum, "cannot take " .. fb .. " (" .. tostring(err) .. "): its CDRs wait there") end
  end
  -- Claim the new records. A hook that opened cdrs.jsonl just before the
  -- rename still writes its line into the claimed file: it does so within
  -- microseconds, and `sleep` (FreeSWITCH: 2 s) lets it finish before the
  -- claimed file is read and, once posted, deleted.
  if fs.exists(dir .. "/cdrs.jsonl") then
    local claim = new_batch_name(fs, dir, now)
    local ok, err = fs.rename(dir .. "/cdrs.jsonl", dir .. "/" .. claim)
    if ok then settle = true else alarm(sum, "cannot claim " .. dir .. "/cdrs.jsonl (" .. tostring(err) .. "): its CDRs wait there") end
  end
  if settle and sleep then sleep(cfg.settle_ms or 2000) end
  if adopting and fs.exists(adopting) then adopt(fs, cfg, adopting, now, sum) end
  -- every batch file, each until it is empty
  local stop = false
  for _, name in ipairs(fs.list(dir)) do
    if stop then break end
    if name:match("^batch%-.*%.jsonl$") then
      stop = flush_file(fs, cfg, post, name, sum, refresh)
    end
  end
  -- what is left for the next flush (for the log)
  for _, name in ipairs(fs.list(dir)) do
    if name:match("^batch%-.*%.jsonl$") or name == "cdrs.jsonl" then
      local r = M.parse_spool(fs.read(dir .. "/" .. name) or "")
      sum.kept = sum.kept + #r
    end
  end
end

--- Posts what the spool holds, `post(req) -> http result`, until it is
--- empty (batches of cfg.batch_size) or Ringledger stops taking CDRs.
--- Returns a summary {posted, duplicates, rejected, set_aside, kept, busy,
--- errors = {...} (warnings), alarms = {...} (a person must look)}.
--- Records leave the spool only after a 2xx for a batch holding them, or
--- once written to rejected/; a read, rewrite or delete that fails leaves
--- the file as it was (then re-posts happen: Ringledger ignores a call_id
--- it has, so nothing is billed twice). One flush at a time (.flush.lock):
--- a second one returns at once with busy = true.
function M.flush(fs, cfg, post, now, sleep)
  now = now or os.time()
  local t0 = os.time()
  local dir = cfg.spool_dir
  local sum = { posted = 0, duplicates = 0, rejected = 0, set_aside = 0, kept = 0, busy = false,
    errors = {}, alarms = {} }
  fs.mkdir(dir)
  local token = string.format("%d-%06d", now, math.random(0, 999999))
  local got, note = take_lock(fs, dir, now, token)
  if got == false then
    sum.busy = true
    return sum
  end
  if got == nil then
    alarm(sum, "cannot take the flush lock in " .. dir .. " (" .. tostring(note) .. "): nothing posted")
    return sum
  end
  if note then warn(sum, note) end
  local lock = dir .. "/.flush.lock"
  local function refresh()
    if fs.lock_refresh then fs.lock_refresh(lock, now + (os.time() - t0), token) end
  end
  local ok, err = pcall(flush_locked, fs, cfg, post, now, sleep, sum, refresh)
  if fs.unlock then fs.unlock(lock, token) end
  if not ok then error(err, 0) end
  return sum
end

---------------------------------------------------------------------------
-- SIP directory (mod_lua xml-handler-script)
---------------------------------------------------------------------------

M.NOT_FOUND_XML = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' ..
  '<document type="freeswitch/xml">\n  <section name="result">\n' ..
  '    <result status="not found"/>\n  </section>\n</document>\n'

--- The directory document for `user`@`domain` from a lookup answer, or the
--- "not found" document (unknown user, closed account, Ringledger down —
--- FreeSWITCH then refuses the REGISTER/INVITE with 403).
function M.directory_xml(cfg, domain, user, lookup)
  -- a suspended account keeps its phones registered: its calls are refused
  -- by authorization, with the reason
  if not lookup.found then return M.NOT_FOUND_XML end
  if lookup.kind ~= "sip" and lookup.kind ~= "video" then return M.NOT_FOUND_XML end
  if not lookup.sip_password or lookup.sip_password == "" then return M.NOT_FOUND_XML end
  local cache = ""
  if cfg.directory_cache_ms and cfg.directory_cache_ms > 0 then
    cache = string.format(' cacheable="%d"', cfg.directory_cache_ms)
  end
  local e = M.xml_escape
  return table.concat({
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<document type="freeswitch/xml">',
    '  <section name="directory">',
    '    <domain name="' .. e(domain) .. '">',
    '      <params>',
    '        <param name="dial-string" value="{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}"/>',
    '      </params>',
    '      <users>',
    '        <user id="' .. e(user) .. '"' .. cache .. '>',
    '          <params>',
    '            <param name="password" value="' .. e(lookup.sip_password) .. '"/>',
    '          </params>',
    '          <variables>',
    '            <variable name="user_context" value="ringledger_sip"/>',
    '            <variable name="ringledger_sip_user" value="' .. e(user) .. '"/>',
    '            <variable name="ringledger_service" value="' .. e(lookup.kind) .. '"/>',
    '          </variables>',
    '        </user>',
    '      </users>',
    '    </domain>',
    '  </section>',
    '</document>',
    '',
  }, "\n")
end

return M
