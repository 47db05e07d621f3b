// libFuzzer target: the schema loader (Schema::fromJson). Whatever loads is written back (toJson),
// loaded again, and its tables' DDL built for both dialects on offline engines.
#include "engine.h"
#include "schema.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

using namespace grumble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto schema = Schema::fromJson(QByteArray(reinterpret_cast<const char *>(data), int(size)));
    if (!schema)
        return 0;
    const QByteArray written = QJsonDocument(schema->toJson()).toJson(QJsonDocument::Compact);
    auto again = Schema::fromJson(written);
    (void)again;
    (void)schema->creationOrder();
    for (const char *dialect : { "sqlite", "postgres" }) {
        auto engine = Engine::openOffline(QString::fromLatin1(dialect), *schema);
        if (!engine)
            continue;
        for (const Model &model : schema->models())
            (void)(*engine)->createTableSql(model);
        (void)(*engine)->sync(true);
    }
    return 0;
}
