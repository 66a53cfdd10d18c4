-- One instance's flush of counted handshake failures (RedisFailureCounts): a token bucket per
-- address key shared by the cluster, and the set of keys it refuses with the time they may retry.
-- KEYS: 1 refused (zset: address key -> refused until, ms)
-- ARGV: 1 now ms, 2 burst, 3 tokens per ms, 4 most refused keys returned, 5 bucket key prefix,
--       then pairs: address key, failures since the last flush
-- Returns: {address key, refused until}... (only keys refused after now)
local refused = KEYS[1]
local now = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
for i = 6, #ARGV, 2 do
  local key = ARGV[5] .. ARGV[i]
  local b = redis.call('HMGET', key, 't', 'u')
  local tokens = tonumber(b[1]) or burst
  local updated = tonumber(b[2]) or now
  if now > updated then
    tokens = math.min(burst, tokens + (now - updated) * rate)
  else
    now = updated -- another instance's clock ran ahead: never refill backwards
  end
  tokens = math.max(0, tokens - tonumber(ARGV[i + 1]))
  redis.call('HSET', key, 't', tostring(tokens), 'u', tostring(now))
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) / rate) + 1000)
  if tokens < 1 then
    redis.call('ZADD', refused, now + math.ceil((1 - tokens) / rate), ARGV[i])
  end
  now = tonumber(ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', refused, '-inf', now)
return redis.call('ZRANGEBYSCORE', refused, '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0,
  tonumber(ARGV[4]))
