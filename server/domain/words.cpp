#include "domain/words.hpp"

#include <array>

namespace sanaksme::domain {

std::string lv_ordinal_feminine(std::int64_t n)
{
    static const std::array<const char*, 20> words{"pirmā",       "otrā",         "trešā",         "ceturtā",
                                                   "piektā",      "sestā",        "septītā",       "astotā",
                                                   "devītā",      "desmitā",      "vienpadsmitā",  "divpadsmitā",
                                                   "trīspadsmitā", "četrpadsmitā", "piecpadsmitā",  "sešpadsmitā",
                                                   "septiņpadsmitā", "astoņpadsmitā", "deviņpadsmitā", "divdesmitā"};
    if (n >= 1 && n <= 20)
        return words[n - 1];
    return std::to_string(n) + ".";
}

std::string en_ordinal(std::int64_t n)
{
    static const std::array<const char*, 10> words{"first", "second", "third",   "fourth", "fifth",
                                                   "sixth", "seventh", "eighth", "ninth",  "tenth"};
    if (n >= 1 && n <= 10)
        return words[n - 1];
    auto suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

} // namespace sanaksme::domain
