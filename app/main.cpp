// grumble: the desktop app (no command: options only), or one of the commands below.
#include "eval.h"

#include <QByteArray>
#include <cstdio>
#include <cstring>

#ifdef GRUMBLE_WITH_GUI
#include "app.h"
#endif

namespace {

//! A subcommand: its word, what runs it and the one line `grumble --help` shows for it.
struct Command
{
    const char *name;
    int (*run)(int, char **);
    const char *summary;
};

const Command kCommands[] = {
    { "eval", grumble::cli::runEval,
      "run association expressions (Pug#1.setOwner(Owner#2)) on a database" },
    { "schema", grumble::cli::runSchema,
      "print the schema of a database or a schema file as JSON" },
    { "check", grumble::cli::runCheck,
      "compare a schema file with a database, one line per difference" },
    { "import-sequelize", grumble::cli::runImportSequelize,
      "read a Sequelize project's models with node" },
    { "export-sequelize", grumble::cli::runExportSequelize,
      "write a schema as Sequelize models and a migration" },
};

int printMainHelp()
{
    std::fputs(
            "Usage: grumble [--db URL] [--schema FILE] [--screenshot FILE [--view VIEW]]\n"
            "       grumble eval [--db URL] [--schema FILE] [--sync | --force] [--log] [EXPR ...]\n"
            "       grumble schema --db URL | --schema FILE\n"
            "       grumble check --db URL --schema FILE [--json]\n"
            "       grumble import-sequelize PATH [--out FILE]\n"
            "       grumble export-sequelize (--schema FILE | --db URL) --out DIR [--force]\n"
            "\n"
            "Grumble models and browses Sequelize-style associations (belongsTo, hasOne, hasMany,\n"
            "belongsToMany) on SQLite and PostgreSQL.\n"
            "\n"
            "Commands (grumble COMMAND --help for the options of one):\n",
            stdout);
    for (const Command &c : kCommands)
        std::printf("  %-18s %s\n", c.name, c.summary);
    std::fputs("\n"
               "Without a command it opens the desktop app on the last database (at first the "
               "default one,\n"
               "a SQLite file in the user's data folder). Options of the app:\n"
               "  --db URL            open this database (file, sqlite:PATH, :memory:, "
               "postgresql://...)\n"
               "  --schema FILE       the schema JSON to use (default: read from the database)\n"
               "  --screenshot FILE   render the window offscreen into a PNG and exit\n"
               "  --view VIEW         tables | associations | includes | schema | check | console "
               "| sqllog |\n"
               "                      welcome | shortcuts | manual (with --screenshot)\n"
               "  --seed-demo N       add N owners of demo data first\n"
               "  --bench-gui         measure the app at scale (grumble --bench-gui --help-all)\n"
               "  -h, --help          this text;  --version  the version\n",
               stdout);
    return 0;
}

int usageError(const char *word)
{
    std::fprintf(stderr, "grumble: unknown command '%s'\nRun 'grumble --help' for the commands.\n",
                 word);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 2) {
        for (const Command &c : kCommands) {
            if (std::strcmp(argv[1], c.name) == 0)
                return c.run(argc, argv);
        }
        if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0
            || std::strcmp(argv[1], "help") == 0)
            return printMainHelp();
        if (std::strcmp(argv[1], "--version") == 0)
            return grumble::cli::printVersion();
        if (argv[1][0] != '-')
            return usageError(argv[1]);
    }
#ifdef GRUMBLE_WITH_GUI
    return grumble::ui::runApp(argc, argv); // unknown options: a usage error there (exit 2)
#else
    return grumble::cli::noGui();
#endif
}
