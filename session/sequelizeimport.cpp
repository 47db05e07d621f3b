#include "sequelizeimport.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

static void initSequelizeImportResources()
{
    Q_INIT_RESOURCE(grumble);
}

namespace grumble {

namespace {

const QLatin1String kNotHonoured("not honoured by Grumble:");

} // namespace

SequelizeImport::SequelizeImport(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!isRunning())
            return;
        m_timedOut = true;
        m_process->kill();
    });
}

SequelizeImport::~SequelizeImport()
{
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(2000);
        }
    }
}

QString SequelizeImport::findNode()
{
    const QString configured = qEnvironmentVariable("GRUMBLE_NODE");
    if (!configured.isEmpty())
        return QFileInfo(configured).isExecutable() ? configured
                                                    : QStandardPaths::findExecutable(configured);
    for (const QString &name : { QStringLiteral("node"), QStringLiteral("nodejs") }) {
        const QString found = QStandardPaths::findExecutable(name);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

QString SequelizeImport::nodeMissingMessage()
{
    return QStringLiteral(
            "node is not installed: apt-get install nodejs npm (or set GRUMBLE_NODE)");
}

void SequelizeImport::fail(SequelizeImportFailure failure, const QString &message)
{
    m_timer.stop();
    m_failure = failure;
    m_error = message;
    emit failed();
}

void SequelizeImport::start(const QString &projectPath)
{
    if (isRunning())
        return;
    m_projectPath = projectPath;
    m_messages.clear();
    m_errorBuffer.clear();
    m_result = SequelizeImportResult();
    m_failure = SequelizeImportFailure::None;
    m_error.clear();
    m_canceled = m_timedOut = false;
    const QString node = findNode();
    if (node.isEmpty())
        return fail(SequelizeImportFailure::NodeMissing, nodeMissingMessage());
    initSequelizeImportResources();
    m_folder = std::make_unique<QTemporaryDir>();
    const QString loader = m_folder->filePath(QStringLiteral("grumble-sequelize-loader.js"));
    QFile resource(QStringLiteral(":/grumble/sequelize/loader.js"));
    QFile script(loader);
    if (!m_folder->isValid() || !resource.open(QIODevice::ReadOnly)
        || !script.open(QIODevice::WriteOnly) || script.write(resource.readAll()) < 0) {
        return fail(SequelizeImportFailure::LoaderNotWritten,
                    QStringLiteral("cannot write the loader script to %1: %2")
                            .arg(loader, script.errorString()));
    }
    script.close();
    delete m_process;
    m_process = new QProcess(this);
    m_process->setProgram(node);
    m_process->setArguments({ loader, QFileInfo(projectPath).absoluteFilePath() });
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyReadStandardError, this, [this] { readErrorLines(false); });
    m_process->start();
    if (!m_process->waitForStarted())
        return fail(SequelizeImportFailure::NodeDidNotStart,
                    QStringLiteral("cannot run %1: %2").arg(node, m_process->errorString()));
    connect(m_process, &QProcess::finished, this, &SequelizeImport::processFinished);
    m_timer.start(m_timeoutMs);
}

void SequelizeImport::cancel()
{
    if (!isRunning())
        return;
    m_canceled = true;
    m_process->kill();
}

void SequelizeImport::readErrorLines(bool flush)
{
    m_errorBuffer += m_process->readAllStandardError();
    qsizetype end;
    while ((end = m_errorBuffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_errorBuffer.left(end));
        m_errorBuffer.remove(0, end + 1);
        m_messages << line;
        emit messageReceived(line);
    }
    if (flush && !m_errorBuffer.isEmpty()) {
        const QString line = QString::fromUtf8(m_errorBuffer);
        m_errorBuffer.clear();
        m_messages << line;
        emit messageReceived(line);
    }
}

SequelizeImportFailure SequelizeImport::classifyLoaderFailure() const
{
    const QString said = m_messages.join(QLatin1Char('\n'));
    if (said.contains(QLatin1String("failed while loading")))
        return SequelizeImportFailure::ProjectThrew;
    if (said.contains(QLatin1String("exports no Sequelize instance")))
        return SequelizeImportFailure::NoSequelizeInstance;
    if (said.contains(QLatin1String("is not supported")))
        return SequelizeImportFailure::UnsupportedVersion;
    return SequelizeImportFailure::LoaderFailed;
}

void SequelizeImport::processFinished(int exitCode, QProcess::ExitStatus status)
{
    m_timer.stop();
    readErrorLines(true);
    if (m_canceled)
        return fail(SequelizeImportFailure::Canceled, QStringLiteral("canceled: node was stopped"));
    if (m_timedOut)
        return fail(SequelizeImportFailure::TimedOut,
                    QStringLiteral("node did not finish loading %1 within %2 s; stopped it (does "
                                   "the project's code "
                                   "wait for something at load time?)")
                            .arg(m_projectPath)
                            .arg(m_timeoutMs / 1000));
    if (status != QProcess::NormalExit || exitCode != 0)
        return fail(
                classifyLoaderFailure(),
                QStringLiteral(
                        "could not read the Sequelize models of %1 (node exited with status %2)")
                        .arg(m_projectPath)
                        .arg(exitCode));
    const QByteArray output = m_process->readAllStandardOutput();
    auto schema = Schema::fromJson(output);
    if (!schema)
        return fail(SequelizeImportFailure::InvalidSchema,
                    QStringLiteral("the models of %1 are not a schema Grumble can load: %2")
                            .arg(m_projectPath, schema.error().message));
    m_result.schema = std::move(*schema);
    m_result.json = output;
    for (const QString &line : std::as_const(m_messages)) {
        if (line.startsWith(kNotHonoured))
            m_result.notHonoured << line;
    }
    emit finished();
}

bool importSequelizeBlocking(SequelizeImport &import, const QString &projectPath,
                             const std::function<void(const QString &)> &onMessage)
{
    QEventLoop loop;
    bool done = false;
    bool succeeded = false;
    const auto connection = QObject::connect(&import, &SequelizeImport::messageReceived, &loop,
                                             [&onMessage](const QString &line) {
                                                 if (onMessage)
                                                     onMessage(line);
                                             });
    QObject::connect(&import, &SequelizeImport::finished, &loop, [&] {
        done = succeeded = true;
        loop.quit();
    });
    QObject::connect(&import, &SequelizeImport::failed, &loop, [&] {
        done = true;
        loop.quit();
    });
    import.start(projectPath);
    if (!done)
        loop.exec();
    QObject::disconnect(connection);
    return succeeded;
}

} // namespace grumble
