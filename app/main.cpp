// grumble: the desktop app (no arguments, or --db/--schema/--screenshot), or `grumble eval` / `grumble check`.
#include "eval.h"

#include <QByteArray>
#include <cstring>

#ifdef GRUMBLE_WITH_GUI
#include "app.h"
#endif

int main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "eval") == 0)
        return grumble::cli::runEval(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "check") == 0)
        return grumble::cli::runCheck(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "schema") == 0)
        return grumble::cli::runSchema(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "import-sequelize") == 0)
        return grumble::cli::runImportSequelize(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "export-sequelize") == 0)
        return grumble::cli::runExportSequelize(argc, argv);
    if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0))
        return grumble::cli::printMainHelp();
    if (argc >= 2 && std::strcmp(argv[1], "--version") == 0)
        return grumble::cli::printVersion();
#ifdef GRUMBLE_WITH_GUI
    return grumble::ui::runApp(argc, argv);
#else
    return grumble::cli::noGui();
#endif
}
