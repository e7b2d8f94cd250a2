#pragma once
// Token lookups kept in memory between requests, keyed by the token's SHA-256 (the secret itself
// is never kept), for one generation of the tokens table: a commit that touches it (create,
// revoke, erase) empties the cache, so a revoked token stops working with the next request.
// Only found tokens are kept.
#include "auth/principal.hpp"
#include "generation_cache.hpp"

namespace sanaksme::auth {

struct token_cache : generation_cache<principal> {
    token_cache() : generation_cache(10000) {}
};

} // namespace sanaksme::auth
