-- wrk script: no change to the requests; prints the 99.9th percentile latency in ms at the end.
done = function(summary, latency, requests)
  io.write(string.format("p99.9_ms %.2f\n", latency:percentile(99.9) / 1000))
end
