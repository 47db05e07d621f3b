#pragma once

#include <QString>

namespace grumble::ui {

//! What `grumble --bench-gui` measures: the app at scale (issue 5).
struct GuiBenchOptions
{
    QString url;            //!< database; empty: a new SQLite file in a temporary directory
    int owners = 10000;     //!< owners of the include tree (seedDemo: ~3 pugs and 6 friendships each)
    int pugs = 1000000;     //!< pugs in the table (topped up after the include tree is measured)
    //! 0: the include tree is seedDemo's data; K > 0: issue 5's deterministic workload, K pugs per
    //! owner, `owners` friends and 5 friends per pug (K = 10 is the benchmark's 620,000 rows).
    int pugsPerOwner = 0;
    //! Only the pugs table (no seeding but the top-up, no include tree).
    bool tableOnly = false;
};

//! Opens the include browser on `owners` owners with pugs and friends, then the pugs table with
//! `pugs` pugs, and prints one JSON line per measurement: {"op", "n", "ms", "rss_mib", "peak_mib",
//! "statements"}. Needs a QApplication. Returns the process exit code.
int runGuiBench(const GuiBenchOptions &options);

} // namespace grumble::ui
