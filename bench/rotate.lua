-- wrk script: each request takes the next path from the file named by BENCH_URLS (one path per line), so a run
-- spreads over many different URLs instead of repeating one. Each wrk thread starts at its own offset.
local paths = {}
for line in io.lines(os.getenv("BENCH_URLS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local next_index = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count * 7919)
end

function init(args)
  next_index = offset or 0
end

function request()
  next_index = next_index + 1
  return wrk.format("GET", paths[(next_index % #paths) + 1])
end
