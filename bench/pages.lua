-- SPDX-License-Identifier: Apache-2.0
-- wrk script: random 100-row pages of the workspace list at random offsets, sorted by a random key,
-- as staff scroll. wrk ... -s bench/pages.lua URL -- TOKEN WORKSPACES
local token, workspaces
local sorts = {"id", "name", "site", "updated_at", "status"}
init = function(args)
  token = args[1]
  workspaces = tonumber(args[2])
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
request = function()
  local offset = math.random(0, workspaces - 100)
  local sort = sorts[math.random(#sorts)]
  return wrk.format("GET", "/v1/workspaces?limit=100&offset=" .. offset .. "&sort=" .. sort,
    {["Authorization"] = "Bearer " .. token})
end
