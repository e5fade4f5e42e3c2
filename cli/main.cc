// quifait: one executable, subcommands. Thin: parse, call the library, print.
#include <xapian.h>

#include <cstring>
#include <iostream>
#include <map>
#include <string>

#include "cli/commands.h"
#include "indexer/index_command.h"
#include "server/serve_command.h"
#include "util/error.h"

namespace {

const char* kUsage = R"(quifait: qui fait quoi dans l'administration ?

usage: quifait COMMAND [options]

commands:
  index  --corpus DIR --db DIR        build the index from a corpus directory (atomic switch)
  ask    [--json] [--exact] [--max N] [--db DIR] QUESTION
                                      answer a question: which unit does this?
  search [--json] [--partial] [--db DIR] [--org CODE] [--type TYPE] [--page N] QUERY
                                      keyword search over passages
  units  [--json] [--db DIR]          the organisation tree
  export [--db DIR]                   every passage as JSON lines
  eval   [--db DIR] [--units FILE] [--outcomes FILE] FILE.jsonl
                                      hit@1, MRR and no-answer accuracy of a question file
  eval-units [--db DIR | --corpus DIR] [--min F1] [--json] [--quiet] GOLD.json
                                      precision, recall and F1 of the tree's (unit, parent) pairs
                                      against a gold tree; lists misses, wrong parents, extras;
                                      exit 1 when F1 < --min
  text   [--blocks] FILE                the text the indexer reads from a document (.txt .md .html
                                      .htm .docx .pdf, through its filter); --blocks: as blocks
  replicate --from DIR --to DIR [--every SECONDS]
                                      make --to a copy of --from's current index (a replica)
  serve  [--db DIR] [--port N] [--host ADDR] [--web DIR] [--allow-origin ORIGIN]
         [--threads N] [--cache-mb N] [--access-log FILE|off] [--quiet]
                                      HTTP server: JSON API and web page (port 0: any free port)

The default --db is the index that the README's run command builds.
Run `quifait COMMAND --help` for every option of a command; `quifait --version`.
)";

// Per-command help: every option of the command, what it does, and its exit status.
const std::map<std::string, const char*>& command_help() {
  static const std::map<std::string, const char*> help = {
      {"index", R"(usage: quifait index [--corpus DIR] [--db DIR] [--stopwords FILE] [--synonyms FILE] [--termlist] [--quiet]

Builds the index of a corpus directory (corpus.json + .txt .md .html .docx .pdf files) into a new generation and
switches --db to it atomically: a failed run keeps the previous index serving.
  --corpus DIR     the corpus (default: the bundled corpus/)
  --db DIR         the index (default: build/index, or $QUIFAIT_DB)
  --stopwords FILE the stopword list (default: stopwords/fr.txt); must exist
  --synonyms FILE  the synonym lexicon (default: lexicon/synonymes.txt); must exist
  --termlist       keep Xapian's term list: needed to serve the index as a remote shard
                   (xapian-tcpsrv) or to replicate it with xapian-replicate (docs/scale-out.md)
  --quiet          no progress and no summary
Exit: 0 built, 1 bad corpus or index, 2 bad usage.
)"},
      {"ask", R"(usage: quifait ask [--json] [--exact] [--max N] [--db DIR] QUESTION

Answers a question with the units responsible, their path and the evidence.
  --json     the answer JSON of docs/api.md
  --exact    search the words as typed (no spelling repair)
  --max N    answers to show, 1..20 (default 5)
  --db DIR   the index (default: build/index, or $QUIFAIT_DB)
Colours on a terminal unless NO_COLOR is set.
Exit: 0 when the question was answered, also with "Je n'ai pas trouvé" (the JSON says
"confident": false): an honest no-answer is an answer, not an error, and scripts read
"confident". 1 bad index, 2 bad usage or an unusable question (empty, over 500 characters,
not UTF-8).
)"},
      {"search", R"(usage: quifait search [--json] [--partial] [--db DIR] [--org CODE] [--type TYPE] [--page N] [--size N] QUERY

Keyword search over passages (the internal search box), with org and type facets.
  --org CODE   only this org        --type TYPE  only this unit type
  --page N     1..1000 (default 1)  --size N     hits per page, 1..100 (default 10)
  --partial    the last word also matches as a prefix ("immob" finds "immobilier")
  --json       hits, facets and paging as JSON
Exit: 0 when the search ran, also with no hit (the first line reads: 0 passage(s); --json has
"total": 0): finding nothing is an answer, not an error. 1 bad index, 2 bad usage.
)"},
      {"units", R"(usage: quifait units [--json] [--db DIR]

The organisation tree, indented; --json gives orgs and units with parent, aliases, parent_source
("stated" or "inferred") and parent_evidence (docs/api.md).
Exit: 0, 1 bad index, 2 bad usage.
)"},
      {"replicate", R"(usage: quifait replicate --from DIR --to DIR [--every SECONDS]

Makes the index --to a replica of --from: copies the generation --from points to now (a
generation is never written again once published) into --to's generations and switches --to's
link atomically, as `quifait index` does; a server on --to picks it up. Nothing is copied when
--to already has that generation. --every: keep following --from, checking every SECONDS.
Across machines, reach --from's DIR and DIR.d through a shared or synced folder (docs/scale-out.md).
Exit: 0, 1 bad index or failed copy (the replica keeps its index), 2 bad usage.
)"},
      {"export", R"(usage: quifait export [--db DIR]

Every passage as one JSON object per line: passage_id, doc, org, unit{id,name,type,path}, section, text.
Exit: 0, 1 bad index, 2 bad usage.
)"},
      {"eval", R"(usage: quifait eval [--db DIR] [--min SCORE] [--units GOLD.json] [--verbose] [--outcomes FILE] QUESTIONS.jsonl

Scores answers on a question file (docs/api.md): reciprocal rank, hit@1/@3, composition F1,
out-of-scope questions not confident, and the precision of confident answers (docs/confidence.md).
--units: a gold tree whose aliases also name its units.
  --verbose        one line per question that is not fully right
  --outcomes FILE  one JSON line per question: id, intent, answered_as, first_right, confident,
                   confidence, signals (what scripts/fit-confidence.py fits on)
Exit: 0, or 1 when the score is below --min.
)"},
      {"eval-units", R"(usage: quifait eval-units [--db DIR | --corpus DIR] [--min F1] [--json] [--quiet] GOLD.json

Scores the organisation tree against a gold tree: precision, recall and F1 of (unit, parent) pairs,
with the missing units, wrong parents and extra units (docs/extractor.md). --corpus extracts straight
from the texts, without an index.
Exit: 0, or 1 when F1 is below --min.
)"},
      {"text", R"(usage: quifait text [--blocks] FILE

Prints the text the indexer reads from one document, after its type's filter (docs/corpus.md):
.txt and .md as they are, .html/.htm through libxml2, .docx through pandoc, .pdf through pdftotext
with hyphenation and page headers repaired. --blocks prints the blocks the extractor sees, one per
line: line number, kind (heading, paragraph, item and its label) and text.
Exit: 0, 1 unreadable or unsupported file (the message says why), 2 bad usage.
)"},
      {"serve", R"(usage: quifait serve [--db DIR] [--port N] [--host ADDR] [--web DIR] [--allow-origin ORIGIN]
                     [--threads N] [--cache-mb N] [--access-log FILE|off] [--log-ip hashed|full|off] [--quiet]

The HTTP server: the web page and the JSON API (README, docs/api.md). --port 0 picks a free port;
the first line printed is "quifait: listening on http://HOST:PORT/". SIGINT or SIGTERM stop it.
  --db DIR          the index (default: $QUIFAIT_DB, else build/index or, installed, /var/lib/quifait/index)
  --host ADDR       the address to listen on (default: $QUIFAIT_HOST, else 127.0.0.1)
  --port N          0..65535 (default: $QUIFAIT_PORT, else 8080)
  --web DIR         the page files (default: $QUIFAIT_WEB_DIR, else the data directory's web/)
  --allow-origin O  send CORS headers for this origin (or *) on /api/
  --threads N       worker threads, 1..1024 (default 64)
  --cache-mb N      response cache, 0..65536 MB (default 64; 0: off)
  --access-log F    one line per request to F, "-" for stderr (default), off for none ($QUIFAIT_ACCESS_LOG)
  --log-ip M        how the log records client addresses: hashed (default; a keyed hash, new key
                    at each start), full, or off ($QUIFAIT_LOG_IP). See docs/operations.md.
Exit: 0 stopped, 1 no index or the port is taken, 2 bad usage.
)"},
  };
  return help;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (!std::strcmp(argv[1], "--version") || !std::strcmp(argv[1], "version"))) {
    std::cout << "quifait " << QUIFAIT_VERSION << "\n";
    return 0;
  }
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    if (argc >= 3 && command_help().count(argv[2])) {
      std::cout << command_help().at(argv[2]);
      return 0;
    }
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      auto it = command_help().find(command);
      std::cout << (it != command_help().end() ? it->second : kUsage);
      return 0;
    }
  }
  try {
    if (command == "index") return quifait::run_index_command(argc, argv);
    if (command == "ask") return quifait::cli::run_ask(argc, argv);
    if (command == "search") return quifait::cli::run_search(argc, argv);
    if (command == "units") return quifait::cli::run_units(argc, argv);
    if (command == "export") return quifait::cli::run_export(argc, argv);
    if (command == "replicate") return quifait::cli::run_replicate(argc, argv);
    if (command == "eval") return quifait::cli::run_eval(argc, argv);
    if (command == "eval-units") return quifait::cli::run_eval_units(argc, argv);
    if (command == "text") return quifait::cli::run_text(argc, argv);
    if (command == "serve") return quifait::run_serve_command(argc, argv);
    std::cerr << "quifait: unknown command '" << command << "' (see quifait --help)\n";
    return 2;
  } catch (const quifait::BadRequest& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const quifait::QuifaitError& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "quifait " << command << ": index error: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "quifait " << command << ": " << e.what() << "\n";
    return 1;
  }
}
