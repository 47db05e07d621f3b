// Engine: opening a database with a schema, and calling accessors (argument checks, then the
// association kind's file: belongsto.cpp, hasmany.cpp, belongstomany.cpp).
// The rest of the public API is in ddl.cpp, insert.cpp, records.cpp and pretend.cpp.

#include "engine.h"

#include "accessorcontext.h"
#include "enginecore.h"
#include "inflection.h"

#include <QRegularExpression>

namespace grumble {

namespace {

//! A Schema error when a table or column name is longer than the dialect keeps.
Result<void> checkIdentifierLengths(const Schema &schema, const Dialect &dialect)
{
    const int max = dialect.maxIdentifierLength();
    if (!max)
        return {};
    for (const Model &m : schema.models()) {
        if (m.tableName.toUtf8().size() > max)
            return makeError(ErrorKind::Schema,
                             QStringLiteral("Table name '%1' is longer than the %2 bytes %3 keeps")
                                     .arg(m.tableName)
                                     .arg(max)
                                     .arg(dialect.name()));
        for (const Attribute &a : m.attributes) {
            if (a.field.toUtf8().size() > max)
                return makeError(
                        ErrorKind::Schema,
                        QStringLiteral("Column name '%1.%2' is longer than the %3 bytes %4 keeps")
                                .arg(m.tableName, a.field)
                                .arg(max)
                                .arg(dialect.name()));
        }
    }
    return {};
}

//! Whether the accessor's arguments fit its role (number, list or single); a Validation error if not.
Result<void> checkArguments(const Accessor &accessor, const Association &association,
                            const Model &target, const QVariantList &args)
{
    const AccessorRole role = accessor.role;
    const bool needsArg = role != AccessorRole::Get && role != AccessorRole::Count
            && role != AccessorRole::Create;
    if (needsArg && args.isEmpty())
        return validationError(QStringLiteral("%1 needs an argument").arg(accessor.name));
    if (args.size() > 1)
        return validationError(QStringLiteral("%1 takes %2 argument, not %3")
                                       .arg(accessor.name,
                                            needsArg || role == AccessorRole::Create
                                                    ? QStringLiteral("one")
                                                    : QStringLiteral("no"))
                                       .arg(args.size()));
    if (!needsArg && role != AccessorRole::Create && !args.isEmpty())
        return validationError(QStringLiteral("%1 takes no argument").arg(accessor.name));
    const bool listRole = role == AccessorRole::AddMultiple || role == AccessorRole::RemoveMultiple
            || role == AccessorRole::HasAll
            || (role == AccessorRole::Set && association.isToMany());
    const bool singleRole = role == AccessorRole::Add || role == AccessorRole::Remove
            || role == AccessorRole::HasSingle;
    if (listRole && !args.isEmpty() && !args.first().isNull() && !isListValue(args.first())
        && role != AccessorRole::Set)
        return validationError(QStringLiteral("%1 expects an array of %2 records or keys")
                                       .arg(accessor.name, target.name));
    if (singleRole && isListValue(args.value(0)))
        return validationError(
                QStringLiteral("%1 expects one %2 record or key, not an array (use %3)")
                        .arg(accessor.name, target.name,
                             accessor.name.left(accessor.name.indexOf(
                                     QRegularExpression(QStringLiteral("[A-Z]"))))
                                     + inflection::upperFirst(association.plural)));
    return {};
}

//! Takes the options object that follows an accessor's arguments off `args` and reads it
//! (`getFriends({"where": ...})`, `addFriend(f, {"through": {...}})`, `createPug(v, {...})`).
Result<AccessorOptions> splitOptions(const Accessor &accessor, const Association &association,
                                     QVariantList &args)
{
    const int positional = positionalArgumentCount(accessor.role);
    if (args.size() != positional + 1)
        return AccessorOptions();
    const QVariant last = args.last();
    if (!isMapValue(last) && !(last.isNull() && positional > 0))
        return AccessorOptions();
    args.removeLast();
    return AccessorOptions::parse(last, accessor.role, association, accessor.name);
}

} // namespace

Engine::Engine(std::unique_ptr<Connection> connection, Schema schema)
    : m_conn(std::move(connection)), m_schema(std::move(schema))
{
    m_core = std::make_unique<EngineCore>(*this, *m_conn, m_schema);
}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::open(const QString &url, Schema schema)
{
    auto connection = Connection::open(url);
    if (!connection)
        return connection.error();
    return open(std::move(*connection), std::move(schema));
}

Result<std::unique_ptr<Engine>> Engine::open(std::unique_ptr<Connection> connection, Schema schema)
{
    qRegisterMetaType<grumble::SqlLogEntry>();
    qRegisterMetaType<grumble::Record>();
    qRegisterMetaType<grumble::RecordList>();
    GRUMBLE_TRY(checkIdentifierLengths(schema, connection->dialect()));
    return std::unique_ptr<Engine>(new Engine(std::move(connection), std::move(schema)));
}

Result<QVariant> Engine::call(const Record &self, const QString &accessor, const QVariantList &args)
{
    if (!self.model)
        return validationError(QStringLiteral("%1 needs a record to call it on").arg(accessor));
    GRUMBLE_TRY(self.model->requireWritable(accessor));
    const std::optional<Accessor> found = m_schema.findAccessor(self.model->name, accessor);
    if (!found) {
        QStringList names;
        for (const Accessor &a : m_schema.accessorsOf(self.model->name))
            names << a.name;
        return makeError(ErrorKind::UnknownAssociation,
                         QStringLiteral("%1 has no accessor '%2'%3")
                                 .arg(self.model->name, accessor,
                                      names.isEmpty()
                                              ? QStringLiteral(" (it has no associations)")
                                              : QStringLiteral(" (it has: %1)")
                                                        .arg(names.join(QStringLiteral(", ")))));
    }
    return call(self, *found, args);
}

Result<QVariant> Engine::call(const Record &self, const Accessor &accessor,
                              const QVariantList &arguments)
{
    const Association &association = m_schema.associations().at(accessor.association);
    const Model *source = m_schema.model(association.source);
    const Model *target = m_schema.model(association.target);
    const Model *through =
            association.through.isEmpty() ? nullptr : m_schema.model(association.through);
    if (!self.model || self.model->name != source->name)
        return validationError(
                QStringLiteral("%1 is an accessor of %2, not of %3")
                        .arg(accessor.name, source->name,
                             self.model ? self.model->name : QStringLiteral("nothing")));
    QVariantList positional = arguments;
    auto options = splitOptions(accessor, association, positional);
    if (!options)
        return options.error();
    GRUMBLE_TRY(checkArguments(accessor, association, *target, positional));
    ContextScope scope(*m_conn, self.label() + QLatin1Char('.') + accessor.name);
    AccessorContext call{ *m_core, association, *source, *target, through, self, accessor.name };
    call.options = std::move(*options);
    const QVariantList &args = positional;
    switch (association.kind) {
    case AssociationKind::BelongsTo:
        return callBelongsTo(call, accessor.role, args);
    case AssociationKind::HasOne:
    case AssociationKind::HasMany:
        return callHasOneOrMany(call, accessor.role, args);
    case AssociationKind::BelongsToMany:
        return callBelongsToMany(call, accessor.role, args);
    }
    return makeError(ErrorKind::UnknownAssociation, accessor.name);
}

} // namespace grumble
