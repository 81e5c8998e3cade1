-- Ringledger for FreeSWITCH: the glue between core.lua and FreeSWITCH
-- (global variables, mod_curl, prompts, bridge). Loaded by the entry
-- scripts; needs mod_lua and mod_curl.

local core = require("ringledger.core")

local A = {}

function A.config()
  return core.config(function(name) return freeswitch.getGlobalVariable(name) end)
end

function A.log(level, msg)
  freeswitch.consoleLog(level, "[ringledger] " .. tostring(msg) .. "\n")
end

--- One HTTP request through mod_curl's `curl` API command.
function A.http(cfg, req)
  local api = freeswitch.API()
  local out = api:executeString("curl " .. core.curl_args(req, cfg))
  local res = core.parse_curl_json(out)
  if res.status == 0 then
    A.log("WARNING", req.method .. " " .. req.url .. " failed: " .. tostring(res.transport_error))
  end
  return res
end

--- Stops with a log line when vars.xml is not filled in.
function A.checked_config()
  local cfg = A.config()
  local problems = core.config_problems(cfg)
  if #problems > 0 then
    for _, p in ipairs(problems) do A.log("ERR", "configuration: " .. p) end
    return nil, cfg
  end
  return cfg
end

function A.prompt(cfg, name)
  return cfg.prompt_dir .. "/" .. name .. ".wav"
end

function A.play(session, cfg, name)
  if session:ready() then session:streamFile(A.prompt(cfg, name)) end
end

--- "You have N minutes" (N rounded down).
function A.announce(session, cfg, secs)
  for _, step in ipairs(core.announcement(secs)) do
    if not session:ready() then return end
    if step.file then
      A.play(session, cfg, step.file)
    else
      session:say(tostring(step.say_number), "en", "number", "pronounced")
    end
  end
end

--- Digits from the caller: one prompt, up to `max` digits, ended by '#'.
function A.digits(session, cfg, prompt, min, max)
  if not session:ready() then return "" end
  return session:playAndGetDigits(min, max, 1, cfg.digit_timeout, "#",
    A.prompt(cfg, prompt), "", "\\d+", "ringledger_digits", 3000) or ""
end

--- Refuses an unanswered call: the prompt as early media (when enabled),
--- then the SIP status, with the reason in an X-Ringledger-Reason header.
function A.refuse_unanswered(session, cfg, decision, service)
  if decision.log then A.log("WARNING", decision.log) end
  A.log("INFO", string.format("%s call refused: %s → %d %s", service, tostring(decision.reason),
    decision.sip, decision.phrase))
  if not session:ready() then return end
  session:setVariable("sip_ph_X-Ringledger-Reason", tostring(decision.reason))
  if cfg.refusal_prompts then
    session:preAnswer()
    A.play(session, cfg, core.refusal_prompt(decision, service))
  end
  session:execute("respond", decision.sip .. " " .. decision.phrase)
  if session:ready() then session:hangup(decision.cause) end
end

--- Refuses an answered call (IVR): the prompt, goodbye, hang up.
function A.refuse_answered(session, cfg, decision, service)
  if decision.log then A.log("WARNING", decision.log) end
  A.log("INFO", service .. " call refused: " .. tostring(decision.reason))
  A.play(session, cfg, core.refusal_prompt(decision, service))
  A.play(session, cfg, "goodbye")
  if session:ready() then session:hangup(decision.cause) end
end

--- Bridges to the destination; the outbound leg ends itself at max_secs
--- and spools its CDR when it hangs up (cdr_hook.lua). Returns true when
--- the bridge was attempted.
function A.bridge(session, cfg, call)
  local dial, err = core.dial_string(cfg, call)
  if not dial then
    A.log("ERR", "cannot dial " .. tostring(call.destination) .. ": " .. tostring(err))
    return false
  end
  A.log("INFO", string.format("%s call to %s authorized for %d s", call.service, call.destination, call.max_secs))
  session:execute("bridge", dial)
  return true
end

--- Authorizes and, when allowed, bridges an unanswered call (PINless
--- dial-through, SIP). Refusals become SIP responses.
function A.direct(session, cfg, service, identifier, destination)
  local decision = core.decide_authorize(A.http(cfg,
    core.authorize_request(cfg, service, identifier, destination)))
  if decision.action ~= "bridge" then
    A.refuse_unanswered(session, cfg, decision, service)
    return
  end
  session:setVariable("hangup_after_bridge", "true")
  A.bridge(session, cfg, { service = service, identifier = identifier,
    destination = destination, max_secs = decision.max_secs })
end

--- The answered part of the IVR once the caller is known: destination,
--- authorization, "you have N minutes", the call. Invalid or unaffordable
--- destinations may be retried.
function A.ivr_call(session, cfg, service, identifier)
  for attempt = 1, cfg.destination_attempts do
    if not session:ready() then return end
    local destination = A.digits(session, cfg, "enter-destination", 1, 20)
    if destination ~= "" then
      local decision = core.decide_authorize(A.http(cfg,
        core.authorize_request(cfg, service, identifier, destination)))
      if decision.action == "bridge" then
        A.announce(session, cfg, decision.max_secs)
        if session:ready() then
          session:setVariable("hangup_after_bridge", "true")
          A.bridge(session, cfg, { service = service, identifier = identifier,
            destination = destination, max_secs = decision.max_secs })
        end
        return
      end
      if decision.retry ~= "destination" or attempt == cfg.destination_attempts then
        A.refuse_answered(session, cfg, decision, service)
        return
      end
      if decision.log then A.log("WARNING", decision.log) end
      A.play(session, cfg, decision.prompt)
    end
  end
  A.play(session, cfg, "goodbye")
  if session:ready() then session:hangup("NORMAL_CLEARING") end
end

return A
