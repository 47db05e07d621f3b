#pragma once

#include "schema.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <memory>

namespace grumble {

//! Why an import of a Sequelize project failed.
enum class SequelizeImportFailure {
    None,
    NodeMissing, //!< no node (GRUMBLE_NODE, node or nodejs on PATH)
    LoaderNotWritten, //!< the loader script could not be written to a temporary folder
    NodeDidNotStart, //!< node could not be started
    TimedOut, //!< node ran longer than the timeout and was stopped
    Canceled, //!< cancel() stopped node
    ProjectThrew, //!< the project's code threw while loading (node's message and stack head)
    NoSequelizeInstance, //!< the project exports no Sequelize instance
    UnsupportedVersion, //!< a Sequelize major version the loader does not know
    LoaderFailed, //!< node exited with an error for another reason (see messages)
    InvalidSchema, //!< the loader's JSON is not a schema Grumble can load
};

//! What a successful import produced.
struct SequelizeImportResult
{
    Schema schema; //!< the models, as Schema::fromJson loaded the loader's document
    QByteArray json; //!< the loader's document as node printed it
    QStringList notHonoured; //!< the "not honoured by Grumble: ..." lines
};

//! Reads a Sequelize project's models with the project's own Sequelize: writes the loader shipped in
//! the resources (sequelize/loader.js) to a temporary folder and runs it with node, asynchronously.
//! Every line node writes on stderr comes as messageReceived(); then finished() (result()) or
//! failed() (failure(), errorMessage()). cancel() kills node. Shared by `grumble import-sequelize`
//! (through importSequelizeBlocking()) and File › Import Sequelize project… in the app.
class SequelizeImport : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 60000;

    explicit SequelizeImport(QObject *parent = nullptr);
    ~SequelizeImport() override;

    //! GRUMBLE_NODE, else node (or Debian's older nodejs) on PATH; empty when there is none.
    static QString findNode();
    //! The sentence for a missing node: which Debian packages to install.
    static QString nodeMissingMessage();

    //! Stops node after `ms` milliseconds (default 60 s).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    //! Starts node on `projectPath` (a models/ folder with index.js, or a .js/.cjs/.mjs file). A
    //! failure to start is reported by failed() before start() returns.
    void start(const QString &projectPath);
    //! Kills node; failed() with SequelizeImportFailure::Canceled follows. Nothing when not running.
    void cancel();
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }

    QString projectPath() const { return m_projectPath; }
    //! Every stderr line node wrote, in order.
    QStringList messages() const { return m_messages; }
    const SequelizeImportResult &result() const { return m_result; }
    SequelizeImportFailure failure() const { return m_failure; }
    //! One sentence (or node's message with the first stack lines) on why it failed.
    QString errorMessage() const { return m_error; }

signals:
    //! One line node wrote on stderr (the loader's notes, the project's own logging, errors).
    void messageReceived(const QString &line);
    void finished();
    void failed();

private:
    void readErrorLines(bool flush);
    void processFinished(int exitCode, QProcess::ExitStatus status);
    void fail(SequelizeImportFailure failure, const QString &message);
    SequelizeImportFailure classifyLoaderFailure() const;

    std::unique_ptr<QTemporaryDir> m_folder;
    QProcess *m_process = nullptr;
    QTimer m_timer;
    int m_timeoutMs = DefaultTimeoutMs;
    bool m_canceled = false;
    bool m_timedOut = false;
    QString m_projectPath;
    QByteArray m_errorBuffer;
    QStringList m_messages;
    SequelizeImportResult m_result;
    SequelizeImportFailure m_failure = SequelizeImportFailure::None;
    QString m_error;
};

//! Runs an import to its end in a local event loop (for the command line): `onMessage` gets each
//! stderr line as it comes. Returns true with `import.result()` filled, or false (`import.failure()`).
bool importSequelizeBlocking(SequelizeImport &import, const QString &projectPath,
                             const std::function<void(const QString &)> &onMessage);

} // namespace grumble
