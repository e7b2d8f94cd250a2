-- wrk script: PUT an RSVP for a random invitee of the bench meeting (yes/maybe, so no capacity limit).
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local meeting = os.getenv("BENCH_MEETING")
local people = tonumber(os.getenv("BENCH_PEOPLE"))
request = function()
  local answer = (math.random(2) == 1) and "yes" or "maybe"
  return wrk.format(nil, "/api/v1/meetings/" .. meeting .. "/rsvps/" .. math.random(1, people), nil,
                    '{"response":"' .. answer .. '"}')
end
done = function(summary, latency, requests)
  io.write(string.format("p99.9_ms %.2f\n", latency:percentile(99.9) / 1000))
end
