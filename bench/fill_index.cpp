// bench/fill_index.cpp — writes a synthetic SQLite index for the C-FIND benchmark (bench/pacs_benchmark.py).
//
// Usage: fill_index PATH [--studies N] [--instances-per-study N] [--series-per-study N] [--smith N] [--threads N]
//
// Adds studies × instances-per-study CT instances to the catalog at PATH (created when absent) through
// roentgen::index::open_sqlite_catalog(PATH, Durability::NoFsync) and Catalog::add_instance(), so the file
// is exactly what `roentgen serve` would have built from the same C-STOREs (without the pixel files, which
// C-FIND never reads). One patient per study; `--smith` of the studies (spread evenly) have a PatientName
// starting SMITH, the others a name from a fixed list that never does. Deterministic. Prints the counts and
// the rate; exits non-zero on any catalog error.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dict/generated/tags.h"
#include "index/sql_catalog.h"

namespace {

using namespace roentgen;
using namespace roentgen::index;

constexpr std::string_view CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
constexpr std::string_view ExplicitLittle = "1.2.840.10008.1.2.1";

struct Options {
    std::string path;
    uint64_t studies = 1001;
    uint64_t instances_per_study = 100;
    uint64_t series_per_study = 4;
    uint64_t smith = 153;
    unsigned threads = 1;
};

// Study s is a SMITH study when (s * smith) mod studies < smith: exactly `smith` of them when
// gcd(smith, studies) == 1 (153 and 1001 are coprime), spread over the whole range.
bool is_smith(const Options& o, uint64_t study)
{
    return (study * o.smith) % o.studies < o.smith;
}

std::string patient_name(const Options& o, uint64_t study)
{
    static constexpr std::string_view Others[] = {"MUELLER", "JONES",  "GARCIA", "BROWN",  "NGUYEN", "KOWALSKI",
                                                  "TANAKA",  "DUBOIS", "ROSSI",  "WILSON", "SMYTHE", "JOHNSON"};
    static constexpr std::string_view Given[] = {"JOHN", "MARY", "HANS", "ANNA", "PETER", "LUCIA", "AKIRA"};
    std::string family = is_smith(o, study) ? (study % 3 == 0 ? "SMITHERS" : "SMITH")
                                            : std::string(Others[study % std::size(Others)]);
    return family + "^" + std::string(Given[study % std::size(Given)]) + "^" + std::to_string(study);
}

std::string study_uid(uint64_t study)
{
    return "2.25.9001." + std::to_string(study + 1);
}

CatalogInstance make_instance(const Options& o, uint64_t study, uint64_t n)
{
    const uint64_t per_series = (o.instances_per_study + o.series_per_study - 1) / o.series_per_study;
    const uint64_t series = n / per_series;
    const std::string study_id = study_uid(study);
    const std::string series_uid = study_id + "." + std::to_string(series + 1);
    const std::string sop_uid = series_uid + "." + std::to_string(n + 1);
    char date[16];
    std::snprintf(date, sizeof date, "20%02u%02u%02u", static_cast<unsigned>(10 + study % 15),
                  static_cast<unsigned>(1 + study % 12), static_cast<unsigned>(1 + study % 28));
    char accession[16];
    std::snprintf(accession, sizeof accession, "ACC%07u", static_cast<unsigned>(study + 1));
    char patient_id[16];
    std::snprintf(patient_id, sizeof patient_id, "PID%07u", static_cast<unsigned>(study + 1));

    DataSet a;
    a.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    a.set_string(tags::SOPClassUID, VR::UI, CtImageStorage);
    a.set_string(tags::SOPInstanceUID, VR::UI, sop_uid);
    a.set_string(tags::StudyDate, VR::DA, date);
    a.set_string(tags::AccessionNumber, VR::SH, accession);
    a.set_string(tags::Modality, VR::CS, "CT");
    a.set_string(tags::PatientName, VR::PN, patient_name(o, study));
    a.set_string(tags::PatientID, VR::LO, patient_id);
    a.set_string(tags::StudyInstanceUID, VR::UI, study_id);
    a.set_string(tags::SeriesInstanceUID, VR::UI, series_uid);
    a.set_string(tags::InstanceNumber, VR::IS, std::to_string(n - series * per_series + 1));
    return CatalogInstance{study_id + "/" + series_uid + "/" + sop_uid + ".dcm", 531000, std::string(ExplicitLittle),
                           std::move(a)};
}

bool parse_number(const char* text, uint64_t& out)
{
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0')
        return false;
    out = v;
    return true;
}

int usage()
{
    std::fprintf(stderr, "usage: fill_index PATH [--studies N] [--instances-per-study N] [--series-per-study N] "
                         "[--smith N] [--threads N]\n");
    return 64;
}

}  // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        uint64_t value = 0;
        if (arg.starts_with("--")) {
            if (i + 1 >= argc || !parse_number(argv[i + 1], value))
                return usage();
            ++i;
            if (arg == "--studies")
                o.studies = value;
            else if (arg == "--instances-per-study")
                o.instances_per_study = value;
            else if (arg == "--series-per-study")
                o.series_per_study = value;
            else if (arg == "--smith")
                o.smith = value;
            else if (arg == "--threads")
                o.threads = static_cast<unsigned>(std::max<uint64_t>(value, 1));
            else
                return usage();
        } else if (o.path.empty()) {
            o.path = arg;
        } else {
            return usage();
        }
    }
    if (o.path.empty() || o.studies == 0 || o.instances_per_study == 0 || o.series_per_study == 0 ||
        o.smith > o.studies)
        return usage();

    auto catalog = open_sqlite_catalog(o.path, Durability::NoFsync, {}, o.threads + 1);
    if (!catalog) {
        std::fprintf(stderr, "fill_index: cannot open %s: %s\n", o.path.c_str(), catalog.error().message.c_str());
        return 1;
    }
    const uint64_t total = o.studies * o.instances_per_study;
    std::atomic<uint64_t> next{0};
    std::atomic<uint64_t> done{0};
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    auto work = [&] {
        // Instances in study order: a thread takes the next block of 1000 (whole series of one study
        // at these sizes), as a server would receive them.
        constexpr uint64_t Block = 1000;
        while (!failed.load()) {
            const uint64_t first = next.fetch_add(Block);
            if (first >= total)
                return;
            for (uint64_t k = first; k < std::min(total, first + Block); ++k) {
                const CatalogInstance instance = make_instance(o, k / o.instances_per_study, k % o.instances_per_study);
                auto added = (*catalog)->add_instance(instance);
                if (!added) {
                    std::fprintf(stderr, "fill_index: add_instance: %s\n", added.error().message.c_str());
                    failed = true;
                    return;
                }
            }
            const uint64_t count = done.fetch_add(std::min(total, first + Block) - first) +
                                   (std::min(total, first + Block) - first);
            if (count % 100000 < Block) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                std::fprintf(stderr, "fill_index: %llu / %llu instances, %.0f/s\n",
                             static_cast<unsigned long long>(count), static_cast<unsigned long long>(total),
                             count / s);
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < o.threads; ++t)
        threads.emplace_back(work);
    for (auto& t : threads)
        t.join();
    if (failed)
        return 1;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto counts = (*catalog)->counts();
    if (!counts) {
        std::fprintf(stderr, "fill_index: counts: %s\n", counts.error().message.c_str());
        return 1;
    }
    std::printf("fill_index: %s: %llu patients, %llu studies, %llu series, %llu instances; added %llu in %.1f s "
                "(%.0f/s, %u thread(s))\n",
                o.path.c_str(), static_cast<unsigned long long>(counts->patients),
                static_cast<unsigned long long>(counts->studies), static_cast<unsigned long long>(counts->series),
                static_cast<unsigned long long>(counts->instances), static_cast<unsigned long long>(total), seconds,
                total / seconds, o.threads);
    return 0;
}
