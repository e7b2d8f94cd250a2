#pragma once
// The demo platform from shared/seed: 25 member organizations, their people, the fifth meeting
// (21 September 2017, Informācijas centrs imigrantiem, Rīga) and the sixth (23 November).
#include "store/database.hpp"

namespace sanaksme::demo {

void write(store::database& db);

} // namespace sanaksme::demo
