#pragma once
// For unit tests of the domain's rules: which kind of domain::error a call throws (a failure when
// it throws none).
#include "domain/error.hpp"

#include <catch2/catch.hpp>

#include <functional>

namespace sanaksme::test {

inline domain::error_kind kind_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const domain::error& e) {
        return e.kind();
    }
    FAIL("no domain::error thrown");
    return domain::error_kind::invalid;
}

} // namespace sanaksme::test
