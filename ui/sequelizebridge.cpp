// The app's side of the Sequelize bridge: File › Import Sequelize project… (SequelizeImport under a
// progress dialog, the imported schema applied to the open database as --schema would) and File ›
// Export as Sequelize code… (exportSequelizeProject() written to a folder, never overwriting
// unasked).

#include "mainwindow.h"

#include "dialogs.h"
#include "sequelizeexport.h"
#include "sequelizeimport.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>

namespace grumble::ui {

namespace {

const QString kImportTitle = QStringLiteral("Import Sequelize project");
const QString kExportTitle = QStringLiteral("Export as Sequelize code");
const QString kLastImportFolder = QStringLiteral("sequelize/lastImportFolder");
const QString kLastExportFolder = QStringLiteral("sequelize/lastExportFolder");

//! What node said, without the loader's notes and its "grumble import-sequelize: " prefix.
QStringList nodeSaid(const QStringList &messages)
{
    QStringList lines;
    for (QString line : messages) {
        if (line.startsWith(QLatin1String("not honoured by Grumble:")))
            continue;
        if (line.startsWith(QLatin1String("grumble import-sequelize: ")))
            line.remove(0, int(qstrlen("grumble import-sequelize: ")));
        lines << line;
    }
    return lines;
}

} // namespace

void MainWindow::chooseSequelizeProject()
{
    QSettings settings;
    const QString start = settings.value(kLastImportFolder, QDir::homePath()).toString();
    const QString file =
            QFileDialog::getOpenFileName(this,
                                         tr("Import Sequelize project: models/index.js, or the "
                                            "file that exports the Sequelize instance"),
                                         start, tr("JavaScript (*.js *.cjs *.mjs);;All files (*)"));
    if (file.isEmpty())
        return;
    settings.setValue(kLastImportFolder, QFileInfo(file).absolutePath());
    importSequelizeProject(file);
}

bool MainWindow::importSequelizeProject(const QString &path)
{
    if (m_import || !m_session)
        return false;
    for (QAction *action : std::as_const(m_documentActions))
        action->setEnabled(false);
    const bool applied = runImport(path);
    for (QAction *action : std::as_const(m_documentActions))
        action->setEnabled(true);
    return applied;
}

bool MainWindow::runImport(const QString &path)
{
    SequelizeImport import;
    ImportProgressDialog progress(&import, path, this);
    m_import = &import;
    statusBar()->showMessage(tr("Importing %1 with node…").arg(path));
    bool done = false;
    connect(&import, &SequelizeImport::finished, &progress, [&done] { done = true; });
    connect(&import, &SequelizeImport::failed, &progress, [&done] { done = true; });
    import.start(path);
    if (!done)
        progress.exec();
    m_import = nullptr;
    if (import.failure() != SequelizeImportFailure::None) {
        showImportFailure(import);
        return false;
    }
    return applyImportedSchema(path, import);
}

void MainWindow::showImportFailure(const SequelizeImport &import)
{
    if (import.failure() == SequelizeImportFailure::Canceled) {
        statusBar()->showMessage(tr("Import canceled: node was stopped; nothing changed"), 8000);
        return;
    }
    statusBar()->showMessage(tr("Import failed: %1").arg(import.errorMessage()), 10000);
    const QStringList said = nodeSaid(import.messages());
    QMessageBox box(QMessageBox::Warning, kImportTitle, QString(), QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("importError"));
    switch (import.failure()) {
    case SequelizeImportFailure::NodeMissing:
        box.setText(tr("node is not installed, so the project's own Sequelize cannot run."));
        box.setInformativeText(tr(
                "Install the Debian packages nodejs and npm (sudo apt install nodejs npm), or set "
                "GRUMBLE_NODE to the node executable, then import again."));
        break;
    case SequelizeImportFailure::ProjectThrew:
        box.setText(tr("The project's code threw while node loaded it:"));
        box.setInformativeText(said.mid(0, 8).join(QLatin1Char('\n')));
        break;
    case SequelizeImportFailure::NoSequelizeInstance:
        box.setText(tr("No Sequelize instance found."));
        box.setInformativeText(said.join(QLatin1Char('\n')));
        break;
    default:
        box.setText(import.errorMessage());
        box.setInformativeText(said.mid(0, 8).join(QLatin1Char('\n')));
        break;
    }
    if (!import.messages().isEmpty())
        box.setDetailedText(import.messages().join(QLatin1Char('\n')));
    box.exec();
}

bool MainWindow::applyImportedSchema(const QString &path, const SequelizeImport &import)
{
    const SequelizeImportResult &result = import.result();
    const QString url = m_session->url();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto session = Session::open(url, result.schema);
    QApplication::restoreOverrideCursor();
    if (!session) {
        QMessageBox::warning(this, kImportTitle,
                             tr("The imported schema could not open %1:\n%2")
                                     .arg(url, session.error().toString()));
        return false;
    }
    m_schemaFile.clear();
    m_importedSchema = result.schema;
    setSession(std::move(*session));
    const QString imported = tr("Imported %1: %2 models, %3 associations")
                                     .arg(QFileInfo(path).fileName())
                                     .arg(result.schema.models().size())
                                     .arg(result.schema.associations().size());
    const QString opened = statusBar()->currentMessage();
    statusBar()->showMessage(
            opened.contains(tr("as it is")) ? imported + QStringLiteral(". ") + opened : imported);
    if (!result.notHonoured.isEmpty()) {
        QMessageBox notes(QMessageBox::Information, kImportTitle,
                          tr("%1.\n\n%n thing(s) the project declares are not honoured by Grumble "
                             "(Show Details…).",
                             nullptr, int(result.notHonoured.size()))
                                  .arg(imported),
                          QMessageBox::Ok, this);
        notes.setObjectName(QStringLiteral("importNotes"));
        notes.setDetailedText(result.notHonoured.join(QLatin1Char('\n')));
        notes.exec();
    }
    return true;
}

bool MainWindow::openWithCurrentSchema(const QString &url)
{
    if (!m_importedSchema)
        return openDatabase(url, m_schemaFile);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto session = Session::open(url, *m_importedSchema);
    QApplication::restoreOverrideCursor();
    if (!session) {
        QMessageBox::warning(this, tr("Open database"),
                             tr("Could not open %1:\n%2").arg(url, session.error().toString()));
        return false;
    }
    setSession(std::move(*session));
    addRecent(url);
    return true;
}

void MainWindow::chooseExportFolder()
{
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Export as Sequelize code into"),
            settings.value(kLastExportFolder, QDir::homePath()).toString());
    if (folder.isEmpty())
        return;
    settings.setValue(kLastExportFolder, folder);
    exportSequelizeCode(folder);
}

bool MainWindow::exportSequelizeCode(const QString &folder)
{
    if (!m_session)
        return false;
    const QVector<SequelizeFile> files =
            exportSequelizeProject(m_session->schema(), QDateTime::currentDateTimeUtc());
    const QDir dir(folder);
    QStringList existing;
    for (const SequelizeFile &file : files) {
        if (QFileInfo::exists(dir.filePath(file.path)))
            existing << file.path;
    }
    if (!existing.isEmpty()) {
        QMessageBox ask(
                QMessageBox::Question, kExportTitle,
                tr("%n file(s) in %1 already exist:\n\n%2\n\nOverwrite them?", nullptr,
                   int(existing.size()))
                        .arg(QDir::toNativeSeparators(folder), existing.join(QLatin1Char('\n'))),
                QMessageBox::Yes | QMessageBox::Cancel, this);
        ask.setObjectName(QStringLiteral("confirmOverwrite"));
        ask.button(QMessageBox::Yes)->setText(tr("Overwrite"));
        ask.setDefaultButton(QMessageBox::Cancel);
        if (ask.exec() != QMessageBox::Yes) {
            statusBar()->showMessage(tr("Export canceled: nothing written"), 6000);
            return false;
        }
    }
    for (const SequelizeFile &file : files) {
        const QString target = dir.filePath(file.path);
        QSaveFile out(target);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !out.open(QIODevice::WriteOnly)
            || out.write(file.content) != file.content.size() || !out.commit()) {
            QMessageBox::warning(this, kExportTitle,
                                 tr("Could not write %1: %2").arg(target, out.errorString()));
            return false;
        }
    }
    QStringList written;
    for (const SequelizeFile &file : files)
        written << file.path;
    statusBar()->showMessage(
            tr("Wrote %1 files to %2: %3")
                    .arg(files.size())
                    .arg(QDir::toNativeSeparators(folder), written.join(QStringLiteral(", "))));
    return true;
}

} // namespace grumble::ui
