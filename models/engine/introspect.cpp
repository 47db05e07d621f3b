// Engine::openIntrospected: a database opened with the schema read from its own tables
// (readCatalog, then inferSchema), or with the demo schema when it has none. Reads only.

#include "engine.h"

#include "catalogreader.h"
#include "inference.h"

namespace grumble {

Result<Engine::Introspected> Engine::openIntrospected(const QString &url, Schema emptyDatabaseSchema)
{
    auto connection = Connection::open(url);
    if (!connection)
        return connection.error();
    auto catalog = readCatalog(**connection);
    if (!catalog)
        return catalog.error();
    Introspected opened;
    Schema schema = std::move(emptyDatabaseSchema);
    if (!catalog->tables.isEmpty()) {
        auto inferred = inferSchema(*catalog);
        if (!inferred)
            return inferred.error();
        schema = std::move(inferred->schema);
        opened.notes = std::move(inferred->notes);
        opened.fromDatabase = true;
    }
    auto engine = open(std::move(*connection), std::move(schema));
    if (!engine)
        return engine.error();
    opened.engine = std::move(*engine);
    return opened;
}

} // namespace grumble
