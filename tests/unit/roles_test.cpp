// The last coordinator stays (domain::leaves_no_coordinator).
#include "domain/roles.hpp"

#include <catch2/catch.hpp>

using sanaksme::domain::leaves_no_coordinator;

TEST_CASE("the last coordinator may be neither removed nor demoted; another one may", "[roles][unit]")
{
    CHECK(leaves_no_coordinator("coordinator", "", 1));
    CHECK(leaves_no_coordinator("coordinator", "organizer", 1));
    CHECK(leaves_no_coordinator("coordinator", "member", 1));
    CHECK_FALSE(leaves_no_coordinator("coordinator", "coordinator", 1));
    CHECK_FALSE(leaves_no_coordinator("coordinator", "", 2));
    CHECK_FALSE(leaves_no_coordinator("coordinator", "organizer", 2));
    CHECK_FALSE(leaves_no_coordinator("organizer", "", 1));
    CHECK_FALSE(leaves_no_coordinator("member", "organizer", 0));
}
