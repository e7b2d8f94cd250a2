-- wrk script: PUT an RSVP for the invitees of the bench meeting, person after person, the answer
-- alternating between yes and maybe (no capacity limit), so every request changes a row.
-- The requests are built once per thread: the load generator shares the two cores with the
-- server, and building each request in Lua cost it a good part of one.
local meeting = os.getenv("BENCH_MEETING")
local people = tonumber(os.getenv("BENCH_PEOPLE"))
local token = os.getenv("BENCH_TOKEN")
local requests = {}
local n = 0

init = function(args)
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
  for round = 0, 1 do
    local answer = (round == 0) and "yes" or "maybe"
    for p = 1, people do
      requests[#requests + 1] = wrk.format("PUT", "/api/v1/meetings/" .. meeting .. "/rsvps/" .. p, headers,
                                           '{"response":"' .. answer .. '"}')
    end
  end
  -- Threads start at different points of the list.
  n = math.random(#requests) - 1
end

request = function()
  n = n % #requests + 1
  return requests[n]
end

done = function(summary, latency, requests)
  io.write(string.format("p99.9_ms %.2f\n", latency:percentile(99.9) / 1000))
end
