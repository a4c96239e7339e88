-- A Lua workload for the native-lane benchmark: calls, table writes and
-- reads, string building and a sort, about a second under lua5.4.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function sieve(limit)
  local composite, count = {}, 0
  for i = 2, limit do
    if not composite[i] then
      count = count + 1
      for j = i * i, limit, i do composite[j] = true end
    end
  end
  return count
end

local function words(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = string.format("w%05d", (i * 7919) % n) end
  table.sort(parts)
  return #table.concat(parts, " ")
end

print(fib(30), sieve(4000000), words(400000))
