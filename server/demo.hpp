#pragma once
// The demo platform from shared/seed: 25 member organizations, their people, the fifth meeting
// (21 September 2017, Informācijas centrs imigrantiem, Rīga) and the sixth (23 November).
#include "store/database.hpp"

namespace sanaksme::demo {

// The presentations' handouts (small PDFs) go to `papers_dir` as the fifth meeting's papers.
void write(store::database& db, const std::string& papers_dir);

} // namespace sanaksme::demo
