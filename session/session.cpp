#include "session.h"

#include "catalogreader.h"
#include "changewatcher.h"
#include "commands.h"
#include "expression.h"
#include "inference.h"
#include "statementkind.h"

#include <QRandomGenerator>

namespace grumble::ui {

RecordRef RecordRef::of(const Record &r)
{
    RecordRef ref;
    if (!r.model)
        return ref;
    ref.model = r.model->name;
    for (const QString &k : r.model->primaryKey)
        ref.key.insert(k, r.value(k));
    return ref;
}

RecordRef RecordRef::byPk(const Model &m, const QVariant &pk)
{
    RecordRef ref;
    ref.model = m.name;
    if (!m.primaryKey.isEmpty())
        ref.key.insert(m.primaryKey.first(), pk);
    return ref;
}

Session::Session(std::unique_ptr<Engine> engine, QString url, QObject *parent)
    : QObject(parent), m_engine(std::move(engine)), m_url(std::move(url))
{
    m_undo.setUndoLimit(200);
    m_watcher = new ChangeWatcher(m_engine->connection(), 1000, this);
    connect(m_watcher, &ChangeWatcher::changedExternally, this, [this] {
        emit databaseChangedExternally();
        emit changed();
    });
    // Our own writes move PostgreSQL's probe too: take them as seen.
    connect(this, &Session::changed, m_watcher, &ChangeWatcher::resync);
}

bool Session::checkForExternalChanges()
{
    return m_watcher->check();
}

Session::~Session()
{
    m_undo.clear(); // commands refer to the session
}

Result<std::unique_ptr<Session>> Session::open(const QString &url, Schema schema, bool createMissingTables)
{
    auto e = Engine::open(url, std::move(schema));
    if (!e)
        return e.error();
    auto hasTables = (*e)->hasTables();
    if (!hasTables)
        return hasTables.error();
    // A database with tables is someone's: opened as it is, unless the user asked for the tables.
    if (!*hasTables || createMissingTables)
        GRUMBLE_TRY((*e)->sync(false));
    auto session = std::make_unique<Session>(std::move(*e), url);
    session->m_fresh = !*hasTables;
    return session;
}

Result<std::unique_ptr<Session>> Session::openIntrospected(const QString &url)
{
    Catalog catalog;
    {
        auto e = Engine::open(url);
        if (!e)
            return e.error();
        auto hasTables = (*e)->hasTables();
        if (!hasTables)
            return hasTables.error();
        if (!*hasTables) {
            auto session = open(url);
            if (session)
                (*session)->m_schemaSource = SchemaSource::Demo;
            return session;
        }
        auto read = readCatalog((*e)->connection());
        if (!read)
            return read.error();
        catalog = std::move(*read);
    } // closed: the engine is opened again with the schema it gets
    if (grumble::checkSchema(Schema::pugs(), catalog).isEmpty()) {
        auto session = open(url);
        if (session)
            (*session)->m_schemaSource = SchemaSource::Demo;
        return session;
    }
    auto inferred = inferSchema(catalog);
    if (!inferred)
        return inferred.error();
    auto e = Engine::open(url, std::move(inferred->schema));
    if (!e)
        return e.error();
    auto session = std::make_unique<Session>(std::move(*e), url);
    session->m_schemaSource = SchemaSource::Database;
    session->m_inferenceNotes = inferred->notes;
    return session;
}

Result<QVector<SchemaDifference>> Session::checkSchema()
{
    ContextScope scope(m_engine->connection(), QStringLiteral("schema check"));
    auto catalog = readCatalog(m_engine->connection());
    if (!catalog)
        return catalog.error();
    return grumble::checkSchema(schema(), *catalog);
}

Result<QStringList> Session::syncStatements()
{
    Engine &engine = *m_engine;
    auto pretended = engine.pretend([&engine]() { return engine.sync(false); });
    if (!pretended)
        return pretended.error();
    QStringList out;
    for (const SqlFragment &f : std::as_const(*pretended)) {
        if (!isReadStatement(f.text)) // the reads ran (which tables exist); these would change something
            out << f.text;
    }
    return out;
}

Result<void> Session::syncSchema()
{
    GRUMBLE_TRY(m_engine->sync(false));
    m_undo.clear(); // the commands' snapshots predate the new tables
    emit changed();
    return {};
}

void Session::reportError(const Error &e)
{
    m_lastError = e.kindName() + QStringLiteral(": ") + e.message;
    emit errorOccurred(m_lastError);
}

namespace {

bool isReading(AccessorRole role)
{
    return role == AccessorRole::Get || role == AccessorRole::HasSingle || role == AccessorRole::HasAll
            || role == AccessorRole::Count;
}

} // namespace

Result<Record> Session::fetch(const RecordRef &ref)
{
    if (!ref.isValid())
        return Record();
    FindOptions o;
    o.where = ref.key;
    return m_engine->findOne(ref.model, o);
}

QString Session::displayName(const Record &r) const
{
    if (!r.model)
        return QStringLiteral("(none)");
    const QString attr = r.model->displayAttribute();
    const QVariant v = r.value(attr);
    if (r.model->pkIndex() < 0 || attr == r.model->pk()->name || v.isNull() || v.toString().isEmpty())
        return r.label();
    return QStringLiteral("%1 (%2)").arg(v.toString(), r.label());
}

QString Session::displayName(const RecordRef &ref)
{
    auto r = fetch(ref);
    return r && r->isValid() ? displayName(*r) : ref.model;
}

Result<RecordList> Session::search(const QString &model, const QString &text, int limit)
{
    const Model *m = schema().model(model);
    if (!m)
        return makeError(ErrorKind::UnknownModel, model);
    FindOptions o;
    o.limit = limit;
    if (const Attribute *pk = m->pk())
        o.order = QVariantList{ QVariantList{ pk->name, QStringLiteral("ASC") } };
    if (!text.isEmpty()) {
        QString pattern = text;
        pattern.remove(QLatin1Char('%')).remove(QLatin1Char('_'));
        o.where = QVariantMap{ { m->displayAttribute(),
                                 QVariantMap{ { QStringLiteral("$like"), QStringLiteral("%") + pattern + QStringLiteral("%") } } } };
    }
    return m_engine->findAll(model, o);
}

Result<QVariant> Session::readAccessor(const Record &self, const QString &accessor, const QVariantList &args)
{
    const std::optional<Accessor> acc = self.model ? schema().findAccessor(self.model->name, accessor) : std::nullopt;
    if (!acc || !isReading(acc->role)) {
        Error e = makeError(ErrorKind::UnknownAssociation, QStringLiteral("%1 has no reading accessor %2")
                                                                   .arg(self.model ? self.model->name : QStringLiteral("(none)"), accessor));
        reportError(e);
        return e;
    }
    return m_engine->call(self, *acc, args);
}

Result<QVariant> Session::callAccessor(const RecordRef &self, const QString &accessor, const QVariantList &args)
{
    const std::optional<Accessor> acc = schema().findAccessor(self.model, accessor);
    if (!acc) {
        Error e = makeError(ErrorKind::UnknownAssociation, QStringLiteral("%1 has no accessor %2").arg(self.model, accessor));
        reportError(e);
        return e;
    }
    if (isReading(acc->role)) {
        auto rec = fetch(self);
        if (!rec)
            return rec.error();
        return m_engine->call(*rec, *acc, args);
    }
    auto cmd = std::make_unique<AccessorCommand>(this, self, accessor, args);
    if (!cmd->execute()) {
        reportError(cmd->error());
        emit changed(); // a failed action may still have changed what is shown (a deleted record)
        return cmd->error();
    }
    const QVariant result = cmd->result();
    emit message(cmd->text());
    m_undo.push(cmd.release());
    emit changed();
    return result;
}

Result<Record> Session::createRecord(const QString &model, const QVariantMap &values)
{
    auto cmd = std::make_unique<CreateRecordCommand>(this, model, values);
    if (!cmd->execute()) {
        reportError(cmd->error());
        return cmd->error();
    }
    const Record r = cmd->created();
    emit message(cmd->text());
    m_undo.push(cmd.release());
    emit changed();
    return r;
}

Result<Record> Session::updateRecord(const RecordRef &ref, const QVariantMap &values, const QVariantMap &shown)
{
    auto cmd = std::make_unique<UpdateRecordCommand>(this, ref, values, shown);
    if (!cmd->execute()) {
        reportError(cmd->error());
        emit changed();
        return cmd->error();
    }
    const Record r = cmd->updated();
    emit message(cmd->text());
    m_undo.push(cmd.release());
    emit changed();
    return r;
}

Result<Record> Session::destroyRecord(const RecordRef &ref)
{
    auto rec = fetch(ref);
    if (!rec)
        return rec.error();
    auto cmd = std::make_unique<DestroyRecordCommand>(this, ref);
    if (!cmd->execute()) {
        reportError(cmd->error());
        emit changed();
        return cmd->error();
    }
    emit message(cmd->text());
    m_undo.push(cmd.release());
    emit changed();
    return *rec;
}

QStringList Session::describeDestroy(const RecordRef &ref)
{
    auto rec = fetch(ref);
    if (!rec || !rec->isValid())
        return {};
    auto d = m_engine->describeDestroy(*rec);
    return d ? *d : QStringList{ d.error().message };
}

Result<QVariant> Session::evaluate(const QString &expression)
{
    Evaluator ev(*m_engine);
    const quint64 before = m_engine->connection().statementCount();
    auto r = ev.evaluate(expression);
    // Anything but a read may have changed rows the undo history refers to.
    static const QStringList reads = { QStringLiteral(".get"), QStringLiteral(".find"), QStringLiteral(".count"),
                                       QStringLiteral(".has") };
    bool read = false;
    for (const QString &p : reads)
        read |= expression.contains(p);
    if (!read && m_engine->connection().statementCount() != before) {
        m_undo.clear();
        emit changed();
    }
    return r;
}

QStringList Session::completions() const
{
    return Evaluator(*m_engine).completions();
}

Result<void> Session::seedExample()
{
    Engine &e = *m_engine;
    const Schema &s = schema();
    if (!s.model(QStringLiteral("owner")) || !s.model(QStringLiteral("pug")) || !s.model(QStringLiteral("friend")))
        return {}; // another schema: nothing to seed
    ContextScope scope(e.connection(), QStringLiteral("seed"));
    Transaction tx(e.connection());
    GRUMBLE_TRY(tx.start());
    QHash<QString, Record> owners, pugs, friends;
    for (const QString &n : { QStringLiteral("Tom"), QStringLiteral("Ada"), QStringLiteral("Grace"), QStringLiteral("Linus") }) {
        auto r = e.create(QStringLiteral("owner"), { { QStringLiteral("name"), n } });
        if (!r)
            return r.error();
        owners.insert(n, *r);
    }
    const QList<QPair<QString, QString>> pugOwners = {
        { QStringLiteral("Cody"), QStringLiteral("Tom") },    { QStringLiteral("Doug"), QStringLiteral("Tom") },
        { QStringLiteral("Frank"), QStringLiteral("Ada") },   { QStringLiteral("Gizmo"), QStringLiteral("Grace") },
        { QStringLiteral("Biscuit"), QString() },             { QStringLiteral("Peanut"), QString() },
    };
    for (const auto &p : pugOwners) {
        QVariantMap v{ { QStringLiteral("name"), p.first } };
        if (!p.second.isEmpty())
            v.insert(QStringLiteral("ownerId"), owners.value(p.second).pk());
        auto r = e.create(QStringLiteral("pug"), v);
        if (!r)
            return r.error();
        pugs.insert(p.first, *r);
    }
    for (const QString &n : { QStringLiteral("CodyFan <3"), QStringLiteral("PugLover"), QStringLiteral("Marta"),
                              QStringLiteral("Sam") }) {
        auto r = e.create(QStringLiteral("friend"), { { QStringLiteral("name"), n } });
        if (!r)
            return r.error();
        friends.insert(n, *r);
    }
    const QList<QPair<QString, QStringList>> friendships = {
        { QStringLiteral("Cody"), { QStringLiteral("CodyFan <3"), QStringLiteral("PugLover") } },
        { QStringLiteral("Doug"), { QStringLiteral("CodyFan <3") } },
        { QStringLiteral("Frank"), { QStringLiteral("Marta") } },
        { QStringLiteral("Gizmo"), { QStringLiteral("Sam"), QStringLiteral("PugLover") } },
        { QStringLiteral("Biscuit"), { QStringLiteral("PugLover") } },
    };
    for (const auto &f : friendships) {
        QVariantList keys;
        for (const QString &n : f.second)
            keys << friends.value(n).pk();
        auto r = e.call(pugs.value(f.first), QStringLiteral("addFriends"), { QVariant(keys) });
        if (!r)
            return r.error();
    }
    GRUMBLE_TRY(tx.commit());
    emit changed();
    return {};
}

Result<bool> Session::hasRows()
{
    ContextScope scope(m_engine->connection(), QStringLiteral("is the database empty"));
    for (const Model &m : schema().models()) {
        FindOptions o;
        o.limit = 1;
        if (const Attribute *pk = m.pk())
            o.attributes = QStringList{ pk->name };
        auto rows = m_engine->findAll(m.name, o);
        if (!rows)
            return rows.error();
        if (!rows->isEmpty())
            return true;
    }
    return false;
}

Result<qint64> Session::seedDemo(int ownerCount, const std::function<bool(qint64, qint64, qint64)> &progress)
{
    Engine &e = *m_engine;
    const Schema &s = schema();
    const Model *pugModel = s.model(QStringLiteral("pug"));
    if (!s.model(QStringLiteral("owner")) || !pugModel || !s.model(QStringLiteral("friend"))
        || !s.model(QStringLiteral("friendship")))
        return makeError(ErrorKind::Schema, QStringLiteral("demo data needs the pugs schema (owner, pug, friend)"));
    static const QStringList first = { QStringLiteral("Tom"),   QStringLiteral("Ada"),   QStringLiteral("Grace"),
                                       QStringLiteral("Linus"), QStringLiteral("Ken"),   QStringLiteral("Barbara"),
                                       QStringLiteral("Alan"),  QStringLiteral("Edsger"), QStringLiteral("Donald") };
    static const QStringList pugNames = { QStringLiteral("Cody"),  QStringLiteral("Doug"),  QStringLiteral("Frank"),
                                          QStringLiteral("Gizmo"), QStringLiteral("Biscuit"), QStringLiteral("Peanut"),
                                          QStringLiteral("Waffles"), QStringLiteral("Mochi") };
    auto *rng = QRandomGenerator::global();
    const int batch = 1000;
    const qint64 total = ownerCount;
    qint64 done = 0, rows = 0;
    ContextScope scope(e.connection(), QStringLiteral("seedDemo"));
    Transaction tx(e.connection()); // one seed, one transaction: Cancel leaves nothing behind
    GRUMBLE_TRY(tx.start());
    while (done < total) {
        const int n = int(qMin<qint64>(batch, total - done));
        QList<QVariantMap> ownerRows, friendRows;
        for (int i = 0; i < n; ++i) {
            ownerRows << QVariantMap{ { QStringLiteral("name"),
                                        QStringLiteral("%1 %2").arg(first.at(int(rng->bounded(first.size())))).arg(done + i + 1) } };
            friendRows << QVariantMap{ { QStringLiteral("name"), QStringLiteral("Fan %1 <3").arg(done + i + 1) } };
        }
        auto owners = e.bulkCreate(QStringLiteral("owner"), ownerRows);
        if (!owners)
            return owners.error();
        auto friends = e.bulkCreate(QStringLiteral("friend"), friendRows);
        if (!friends)
            return friends.error();
        QList<QVariantMap> pugRows;
        for (const Record &o : *owners) {
            for (int k = 0; k < 3; ++k) {
                QVariantMap v{ { QStringLiteral("name"),
                                 QStringLiteral("%1 %2").arg(pugNames.at(int(rng->bounded(pugNames.size())))).arg(rows + pugRows.size() + 1) } };
                if (rng->bounded(10) != 0) // one pug in ten has no owner
                    v.insert(QStringLiteral("ownerId"), o.pk());
                pugRows << v;
            }
        }
        auto pugs = e.bulkCreate(QStringLiteral("pug"), pugRows);
        if (!pugs)
            return pugs.error();
        QList<QVariantMap> links;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < pugs->size(); ++i) {
            const QVariant f1 = friends->at(i % friends->size()).pk();
            const QVariant f2 = friends->at(int(rng->bounded(friends->size()))).pk();
            links << QVariantMap{ { QStringLiteral("pugId"), pugs->at(i).pk() }, { QStringLiteral("friendId"), f1 },
                                  { QStringLiteral("createdAt"), now }, { QStringLiteral("updatedAt"), now } };
            if (f2 != f1)
                links << QVariantMap{ { QStringLiteral("pugId"), pugs->at(i).pk() }, { QStringLiteral("friendId"), f2 },
                                      { QStringLiteral("createdAt"), now }, { QStringLiteral("updatedAt"), now } };
        }
        auto fs = e.bulkCreate(QStringLiteral("friendship"), links);
        if (!fs)
            return fs.error();
        done += n;
        rows += owners->size() + friends->size() + pugs->size() + fs->size();
        if (progress && !progress(done, total, rows)) {
            return qint64(0); // ~Transaction rolls every batch back
        }
    }
    GRUMBLE_TRY(tx.commit());
    emit changed(); // the undo history stays: seeding only added rows
    return rows;
}

} // namespace grumble::ui
