// libFuzzer target: the `grumble eval` expression language (Evaluator::evaluateUtf8: the UTF-8
// check, the parser, record references, then the call) on offline pugs engines, where every
// statement is built and recorded and none runs.
#include "connection.h"
#include "engine.h"
#include "expression.h"
#include "offlineengines.h"

#include <QByteArray>

#include <cstdint>
#include <memory>

using namespace grumble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto &engines = fuzz::offlineEngines();
    const QByteArray expression(reinterpret_cast<const char *>(data), int(size));
    for (const auto &engine : engines) {
        if (!engine)
            continue;
        Evaluator evaluator(*engine);
        (void)evaluator.evaluateUtf8(expression);
        (void)engine->connection().takePretended();
    }
    return 0;
}
