// libFuzzer target: the where compiler. The input is find options as JSON ({"where": ...,
// "include": [...], "order": ..., "limit": ...}); they are parsed (FindOptions::fromVariant) and run
// as findAll and count on offline pugs engines of both dialects: the statements are built (where
// objects -> SqlFragment) and recorded, none runs.
#include "engine.h"
#include "connection.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <memory>

using namespace grumble;

namespace {

std::unique_ptr<Engine> offline(const char *dialect)
{
    auto engine = Engine::openOffline(QString::fromLatin1(dialect));
    return engine ? std::move(*engine) : nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::unique_ptr<Engine> engines[] = { offline("sqlite"), offline("postgres") };
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
