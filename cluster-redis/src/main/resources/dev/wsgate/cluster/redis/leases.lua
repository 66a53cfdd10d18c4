-- One instance's exchange of connection counts (RedisConnectionLeases).
-- KEYS: 1 instances (zset: id -> lease expiry ms), 2 counts (hash: field -> cluster count),
--       3 full (set: fields at their cap), 4 this instance's hash (field -> its count),
--       5 changes (zset: field -> number of the exchange that last changed it), 6 the counter
-- ARGV: 1 now ms, 2 lease ms, 3 instance id, 4 per-subject cap (0: none), 5 '1' to replace all of
--       this instance's counts, 6 prefix of instance hashes, 7 most fields returned per list,
--       8 the last exchange whose changes this instance has read, 9 changes kept,
--       then pairs: field, this instance's count ('*' is the total)
-- Returns {0} when Redis does not know this instance (or it fell behind the changes kept): it
-- must replace all its counts. Otherwise {1, live instances, others' total, this exchange,
-- {field, others' count}... for the fields sent and the fields changed since, '|',
-- {field, others' count}... for fields at their cap}
local instances, counts, full, mine, changes, seq = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[4])
local id = ARGV[3]

-- every change of this exchange gets one sequence number: readers take all changes after theirs
local batch = redis.call('INCR', seq)

local function adjust(field, delta)
  if delta == 0 then return end
  local c = redis.call('HINCRBY', counts, field, delta)
  if c <= 0 then redis.call('HDEL', counts, field) end
  if field == '*' then return end
  redis.call('ZADD', changes, batch, field)
  if cap > 0 then
    if c >= cap then
      redis.call('SADD', full, field)
    elseif c - delta >= cap then
      redis.call('SREM', full, field)
    end
  end
end

-- an instance whose lease ran out (this one too, after a long stall) stops counting
for _, d in ipairs(redis.call('ZRANGEBYSCORE', instances, '-inf', '(' .. now, 'LIMIT', 0, 16)) do
  local key = ARGV[6] .. d
  local held = redis.call('HGETALL', key)
  for i = 1, #held, 2 do adjust(held[i], -tonumber(held[i + 1])) end
  redis.call('DEL', key)
  redis.call('ZREM', instances, d)
end

local known = redis.call('ZSCORE', instances, id) ~= false
local kept = tonumber(ARGV[9])
local behind = false
if redis.call('ZCARD', changes) >= kept then
  local oldest = redis.call('ZRANGE', changes, 0, 0, 'WITHSCORES')
  behind = tonumber(ARGV[8]) < tonumber(oldest[2])
end
if ARGV[5] ~= '1' and (not known or behind) then
  return {0}
end
if ARGV[5] == '1' then
  local held = redis.call('HGETALL', mine)
  for i = 1, #held, 2 do adjust(held[i], -tonumber(held[i + 1])) end
  redis.call('DEL', mine)
end
redis.call('ZADD', instances, now + tonumber(ARGV[2]), id)

local reply = {1, redis.call('ZCARD', instances), 0, 0}
for i = 10, #ARGV, 2 do
  local field, n = ARGV[i], tonumber(ARGV[i + 1])
  local old = tonumber(redis.call('HGET', mine, field)) or 0
  adjust(field, n - old)
  if n > 0 then redis.call('HSET', mine, field, n) else redis.call('HDEL', mine, field) end
  local others = (tonumber(redis.call('HGET', counts, field)) or 0) - n
  if field == '*' then
    reply[3] = others
  else
    reply[#reply + 1] = field
    reply[#reply + 1] = others
  end
end
local most = tonumber(ARGV[7])
reply[4] = batch
if cap > 0 and ARGV[5] ~= '1' then
  local changed = redis.call('ZRANGEBYSCORE', changes, '(' .. ARGV[8], '+inf')
  for _, f in ipairs(changed) do
    local m = redis.call('HGET', mine, f)
    if m then -- only subjects this instance holds: the others it learns from the full set
      reply[#reply + 1] = f
      reply[#reply + 1] = (tonumber(redis.call('HGET', counts, f)) or 0) - tonumber(m)
    end
  end
end
redis.call('ZREMRANGEBYRANK', changes, 0, -kept - 1)
reply[#reply + 1] = '|'
if cap > 0 then
  local fields
  if redis.call('SCARD', full) > most then
    fields = redis.call('SRANDMEMBER', full, most)
  else
    fields = redis.call('SMEMBERS', full)
  end
  for _, f in ipairs(fields) do
    local c = tonumber(redis.call('HGET', counts, f)) or 0
    local m = tonumber(redis.call('HGET', mine, f)) or 0
    reply[#reply + 1] = f
    reply[#reply + 1] = c - m
  end
end
return reply
