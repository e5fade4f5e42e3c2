// quifait: where the program finds its data and its index at run time.
//
// data_dir() holds stopwords/, lexicon/, web/ and the bundled corpus/. In this order:
//   1. $QUIFAIT_DATA_DIR;
//   2. <directory of the executable>/../share/quifait, when it holds lexicon/administration.json:
//      an installed copy (`cmake --install build --prefix P` puts the binary in P/bin and the
//      data in P/share/quifait), wherever P is;
//   3. the source tree the binary was built from (build/quifait of a checkout).
// web_dir(): $QUIFAIT_WEB_DIR, else data_dir()/web.
// default_db_path(): $QUIFAIT_DB; else, for an installed copy, QUIFAIT_INSTALLED_DB
//   (<localstatedir>/lib/quifait/index, /var/lib/quifait/index for the /usr prefix); else
//   build/index of the source tree, the index the README's run command builds.
// installed(): whether case 2 applies.
// None of them throws; a missing file is reported by whoever opens it, naming the path
// (read_data_file does so for the data files).
#pragma once
#include <string>

namespace quifait {

std::string data_dir();
// The bytes of data_dir()/`relative` ("lexicon/families.json"); `what` names it in the error
// ("the word families"). Throws QuifaitError naming the path and QUIFAIT_DATA_DIR when the
// file cannot be read.
std::string read_data_file(const std::string& relative, const std::string& what);
std::string web_dir();
std::string default_db_path();
bool installed();

}  // namespace quifait
