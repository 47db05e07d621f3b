// The engines the fuzz targets run their input on: the pugs schema offline in both dialects, where
// every statement is built and recorded (Connection::takePretended()) and none runs.
#pragma once

#include "engine.h"

#include <array>
#include <memory>

namespace grumble::fuzz {

//! The SQLite and PostgreSQL offline engines, made once per process (a null entry when one could
//! not be made, which the targets skip).
inline const std::array<std::unique_ptr<Engine>, 2> &offlineEngines()
{
    auto make = [](const char *dialect) -> std::unique_ptr<Engine> {
        auto engine = Engine::openOffline(QString::fromLatin1(dialect));
        return engine ? std::move(*engine) : nullptr;
    };
    static const std::array<std::unique_ptr<Engine>, 2> engines{ make("sqlite"), make("postgres") };
    return engines;
}

} // namespace grumble::fuzz
