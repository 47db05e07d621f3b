// libFuzzer target: the where compiler. The input is find options as JSON ({"where": ...,
// "include": [...], "order": ..., "limit": ...}); they are parsed (FindOptions::fromVariant) and run
// as findAll and count on offline pugs engines of both dialects: the statements are built (where
// objects -> SqlFragment) and recorded, none runs.
#include "engine.h"
#include "offlineengines.h"
#include "connection.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <memory>

using namespace grumble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto &engines = fuzz::offlineEngines();
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), int(size)));
    if (document.isNull())
        return 0;
    auto options = FindOptions::fromVariant(document.toVariant());
    if (!options)
        return 0;
    for (const auto &engine : engines) {
        if (!engine)
            continue;
        for (const QString &model : { QStringLiteral("pug"), QStringLiteral("owner") }) {
            (void)engine->findAll(model, *options);
            (void)engine->count(model, *options);
        }
        (void)engine->connection().takePretended();
    }
    return 0;
}
