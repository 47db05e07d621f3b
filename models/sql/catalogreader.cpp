#include "catalogreader.h"

#include "connection.h"

#include <algorithm>

namespace grumble {

Result<Catalog> readCatalog(Connection &connection)
{
    ContextScope scope(connection, QStringLiteral("read catalog"));
    const QString dialect = connection.dialect().name();
    Result<Catalog> catalog = dialect == QLatin1String("postgres")
            ? readPostgresCatalog(connection,
                                  connection.url().schema.isEmpty() ? QStringLiteral("public")
                                                                    : connection.url().schema)
            : readSqliteCatalog(connection);
    if (!catalog)
        return catalog;
    // Both readers sort already; sorting here too makes "ordered by name" one rule for every
    // dialect (code point order, whatever the server's collation).
    std::sort(catalog->tables.begin(), catalog->tables.end(),
              [](const CatalogTable &a, const CatalogTable &b) { return a.name < b.name; });
    return catalog;
}

} // namespace grumble
