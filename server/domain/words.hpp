#pragma once
// Latvian number agreement: 1, 21, 31 … take the singular; 11 and the rest the plural.
#include <cstdint>
#include <string>

namespace sanaksme::domain {

inline bool lv_singular(std::int64_t n) { return n % 10 == 1 && n % 100 != 11; }

inline std::string lv_count(std::int64_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (lv_singular(n) ? one : many);
}

// "piektā" for 5: the feminine ordinal of tikšanās / sanāksme, as the seed writes it.
std::string lv_ordinal_feminine(std::int64_t n);
std::string en_ordinal(std::int64_t n);

} // namespace sanaksme::domain
