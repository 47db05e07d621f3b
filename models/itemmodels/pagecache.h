#pragma once

#include <QtGlobal>

namespace grumble {

//! For the windowed item models' page caches (a map of pages that each carry a `used` stamp):
//! drops the least recently used pages until at most `keep` remain.
template <typename Pages>
void evictLeastUsed(Pages &pages, qsizetype keep)
{
    while (pages.size() > qMax<qsizetype>(keep, 0)) {
        auto oldest = pages.begin();
        for (auto it = pages.begin(); it != pages.end(); ++it) {
            if (it->used < oldest->used)
                oldest = it;
        }
        pages.erase(oldest);
    }
}

} // namespace grumble
