// tests/storage/object_store_test.cpp — ObjectStore: temporaries invisible until stored, layout, replacement, removal, key checks, stale cleanup, concurrency.
#include "storage/object_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace roentgen::storage {
namespace {

namespace fs = std::filesystem;

/// A fresh folder per test, removed afterwards.
class ObjectStoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        m_root = fs::temp_directory_path() / ("roentgen-object-store-" + std::string(test->name()) + "-" +
                                              std::to_string(::getpid()));
        fs::remove_all(m_root);
    }
    void TearDown() override { fs::remove_all(m_root); }

    std::string root() const { return (m_root / "storage").string(); }

    std::unique_ptr<ObjectStore> open_store(Durability durability = Durability::Fsync)
    {
        auto store = ObjectStore::open(root(), durability);
        EXPECT_TRUE(store) << store.error().message;
        return store ? std::move(*store) : nullptr;
    }

    fs::path m_root;
};

std::vector<uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

std::string text_of(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// Writes `text` to a new incoming object and finishes it.
std::unique_ptr<IncomingObject> incoming_with(ObjectStore& store, std::string_view text)
{
    auto object = store.create_incoming();
    EXPECT_TRUE(object) << object.error().message;
    if (!object)
        return nullptr;
    auto written = (*object)->write(bytes_of(text));
    EXPECT_TRUE(written) << written.error().message;
    auto finished = (*object)->finish();
    EXPECT_TRUE(finished) << finished.error().message;
    return std::move(*object);
}

/// Every regular file under `root` outside `.incoming`, as paths relative to `root`.
std::vector<std::string> visible_files(const std::string& root)
{
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_directory() && it->path().filename() == ".incoming") {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file())
            files.push_back(fs::relative(it->path(), root).string());
    }
    return files;
}

size_t incoming_count(const std::string& root)
{
    return size_t(std::distance(fs::directory_iterator(root + "/.incoming"), fs::directory_iterator()));
}

void set_age(const std::string& path, std::chrono::seconds age)
{
    timespec times[2];
    ::clock_gettime(CLOCK_REALTIME, &times[0]);
    times[0].tv_sec -= age.count();
    times[1] = times[0];
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

constexpr std::string_view key = "1.2.3/1.2.3.4/1.2.3.4.5.dcm";

TEST_F(ObjectStoreTest, OpenCreatesTheRootAndIncomingFolder)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    EXPECT_TRUE(fs::is_directory(root() + "/.incoming"));
    EXPECT_EQ(store->root(), root());
}

TEST_F(ObjectStoreTest, IncomingObjectIsInvisibleUntilStored)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    auto object = store->create_incoming();
    ASSERT_TRUE(object) << object.error().message;
    ASSERT_TRUE((*object)->write(bytes_of("first part, ")));
    ASSERT_TRUE((*object)->write(bytes_of("second part")));
    EXPECT_EQ((*object)->position(), 23u);
    ASSERT_TRUE((*object)->finish());

    const std::string temporary = (*object)->temporary_path();
    EXPECT_EQ(fs::path(temporary).parent_path(), fs::path(root() + "/.incoming"));
    EXPECT_EQ(text_of(temporary), "first part, second part");
    EXPECT_FALSE(store->contains(key));
    EXPECT_TRUE(visible_files(root()).empty());

    auto stored = store->store(**object, key);
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_TRUE(store->contains(key));
    EXPECT_EQ(text_of(store->path_of(key)), "first part, second part");
    EXPECT_FALSE(fs::exists(temporary));
    EXPECT_EQ(visible_files(root()), std::vector<std::string>{std::string(key)});
    object->reset();  // a stored object's destruction leaves the file in place
    EXPECT_TRUE(store->contains(key));
    EXPECT_EQ(incoming_count(root()), 0u);
}

TEST_F(ObjectStoreTest, StoreWithoutFinishFinishesFirst)
{
    auto store = open_store(Durability::NoFsync);
    ASSERT_TRUE(store);
    auto object = store->create_incoming();
    ASSERT_TRUE(object);
    ASSERT_TRUE((*object)->write(bytes_of("buffered")));
    ASSERT_TRUE(store->store(**object, key));
    EXPECT_EQ(text_of(store->path_of(key)), "buffered");
    EXPECT_FALSE((*object)->write(bytes_of("more")));
}

TEST_F(ObjectStoreTest, LargeWritesArriveWhole)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    auto object = store->create_incoming();
    ASSERT_TRUE(object);
    std::string expected;
    for (size_t size : {size_t(100), size_t(3) << 20, size_t(7), size_t(1) << 20, size_t(999'999)}) {
        std::string chunk(size, char('a' + expected.size() % 26));
        ASSERT_TRUE((*object)->write(bytes_of(chunk)));
        expected += chunk;
    }
    ASSERT_TRUE(store->store(**object, key));
    EXPECT_EQ(fs::file_size(store->path_of(key)), expected.size());
    EXPECT_TRUE(text_of(store->path_of(key)) == expected);
}

TEST_F(ObjectStoreTest, StoreCreatesDirectoriesAndReplacesAnExistingKey)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    auto first = incoming_with(*store, "first version");
    ASSERT_TRUE(first);
    ASSERT_TRUE(store->store(*first, "9.8/7.6/5.4.dcm"));
    EXPECT_TRUE(fs::is_directory(root() + "/9.8/7.6"));
    EXPECT_EQ(text_of(root() + "/9.8/7.6/5.4.dcm"), "first version");

    auto second = incoming_with(*store, "second");
    ASSERT_TRUE(second);
    auto replaced = store->store(*second, "9.8/7.6/5.4.dcm");
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_EQ(text_of(root() + "/9.8/7.6/5.4.dcm"), "second");
    EXPECT_EQ(visible_files(root()), std::vector<std::string>{"9.8/7.6/5.4.dcm"});
    EXPECT_EQ(incoming_count(root()), 0u);
}

TEST_F(ObjectStoreTest, DestroyedIncomingObjectRemovesItsTemporary)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    std::string finished_path, unfinished_path;
    {
        auto finished = incoming_with(*store, "finished but never stored");
        ASSERT_TRUE(finished);
        finished_path = finished->temporary_path();
        auto unfinished = store->create_incoming();
        ASSERT_TRUE(unfinished);
        ASSERT_TRUE((*unfinished)->write(bytes_of("half")));
        unfinished_path = (*unfinished)->temporary_path();
        EXPECT_TRUE(fs::exists(finished_path));
        EXPECT_TRUE(fs::exists(unfinished_path));
        EXPECT_EQ(incoming_count(root()), 2u);
    }
    EXPECT_FALSE(fs::exists(finished_path));
    EXPECT_FALSE(fs::exists(unfinished_path));
    EXPECT_EQ(incoming_count(root()), 0u);
    EXPECT_TRUE(visible_files(root()).empty());
}

TEST_F(ObjectStoreTest, RemoveDeletesTheFileAndTheFoldersItLeavesEmpty)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    for (auto name : {"1.1/2.1/3.1.dcm", "1.1/2.1/3.2.dcm", "1.1/2.2/3.3.dcm"}) {
        auto object = incoming_with(*store, name);
        ASSERT_TRUE(object);
        ASSERT_TRUE(store->store(*object, name));
    }

    // The series folder keeps its other file.
    ASSERT_TRUE(store->remove("1.1/2.1/3.1.dcm"));
    EXPECT_FALSE(fs::exists(root() + "/1.1/2.1/3.1.dcm"));
    EXPECT_TRUE(fs::exists(root() + "/1.1/2.1/3.2.dcm"));

    // The series folder goes; the study folder keeps its other series.
    ASSERT_TRUE(store->remove("1.1/2.1/3.2.dcm"));
    EXPECT_FALSE(fs::exists(root() + "/1.1/2.1"));
    EXPECT_TRUE(fs::is_directory(root() + "/1.1/2.2"));

    // The last one takes series and study folders, never the root or .incoming.
    ASSERT_TRUE(store->remove("1.1/2.2/3.3.dcm"));
    EXPECT_FALSE(fs::exists(root() + "/1.1"));
    EXPECT_TRUE(fs::is_directory(root()));
    EXPECT_TRUE(fs::is_directory(root() + "/.incoming"));

    // Absent is not an error.
    auto again = store->remove("1.1/2.2/3.3.dcm");
    EXPECT_TRUE(again) << again.error().message;
    EXPECT_FALSE(store->contains("1.1/2.2/3.3.dcm"));
}

TEST_F(ObjectStoreTest, RemoveKeepsAFolderWithOtherContent)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    auto object = incoming_with(*store, "x");
    ASSERT_TRUE(object);
    ASSERT_TRUE(store->store(*object, "1.1/2.1/3.1.dcm"));
    // Something that is not a stored object (a subfolder, say) keeps the series folder.
    fs::create_directories(root() + "/1.1/2.1/extra");
    ASSERT_TRUE(store->remove("1.1/2.1/3.1.dcm"));
    EXPECT_TRUE(fs::is_directory(root() + "/1.1/2.1/extra"));
}

TEST_F(ObjectStoreTest, InvalidKeysAreRefused)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    // A file outside the root that a bad key could reach.
    fs::create_directories(m_root / "outside");
    {
        std::ofstream(m_root / "x") << "outside the store";
    }
    for (std::string_view bad : {"../x", "/abs", "a//b", "", "a/../b", "./a", "a/.", "a/", "/", ".."}) {
        SCOPED_TRACE(std::string(bad));
        EXPECT_FALSE(is_valid_storage_key(bad));
        EXPECT_EQ(store->path_of(bad), "");
        EXPECT_FALSE(store->contains(bad));
        auto object = incoming_with(*store, "payload");
        ASSERT_TRUE(object);
        auto stored = store->store(*object, bad);
        ASSERT_FALSE(stored);
        EXPECT_EQ(stored.error().code, Errc::InvalidArgument);
        auto removed = store->remove(bad);
        ASSERT_FALSE(removed);
        EXPECT_EQ(removed.error().code, Errc::InvalidArgument);
    }
    EXPECT_FALSE(is_valid_storage_key(std::string_view("a\0b", 3)));
    EXPECT_EQ(text_of((m_root / "x").string()), "outside the store");
    EXPECT_TRUE(visible_files(root()).empty());
    EXPECT_EQ(incoming_count(root()), 0u);  // refused objects were destroyed with their temporaries

    for (std::string_view good : {"a", "1.2/3.4/5.6.dcm", "x0123456789abcdef/y.dcm", "..a/b..", ".hidden/a"})
        EXPECT_TRUE(is_valid_storage_key(good)) << good;
}

TEST_F(ObjectStoreTest, KeyForKeepsUidsAndHashesEverythingElse)
{
    EXPECT_EQ(ObjectStore::key_for("1.2.840.113619.2.1", "1.2.840.113619.2.1.2", "1.2.840.113619.2.1.2.3"),
              "1.2.840.113619.2.1/1.2.840.113619.2.1.2/1.2.840.113619.2.1.2.3.dcm");
    const std::string uid64(64, '1');
    EXPECT_EQ(ObjectStore::key_for(uid64, "1", "2"), uid64 + "/1/2.dcm");

    const std::string hostile[] = {"..", "../../etc/passwd", "/abs", "a/b", ".", "", "1.2.", ".1.2", "1..2x",
                                   std::string(65, '1'), "1.2.3 ", "name with spaces", std::string("1\0" "2", 3),
                                   "\xc3\xa9", "1.2/../..", "\\..\\.."};
    for (const auto& value : hostile) {
        SCOPED_TRACE(value);
        const std::string key = ObjectStore::key_for(value, value, value);
        EXPECT_TRUE(is_valid_storage_key(key)) << key;
        EXPECT_EQ(std::count(key.begin(), key.end(), '/'), 2) << key;
        EXPECT_EQ(key.find(".."), std::string::npos) << key;
        EXPECT_EQ(key.find('\0'), std::string::npos);
        EXPECT_EQ(key.find('\\'), std::string::npos);
        const std::string component = key.substr(0, key.find('/'));
        EXPECT_EQ(component.size(), 17u) << component;
        EXPECT_EQ(component.front(), 'x');
        EXPECT_EQ(component.find_first_not_of("0123456789abcdef", 1), std::string::npos) << component;
        EXPECT_TRUE(key.ends_with(".dcm"));
    }
    // The same value always hashes the same; different values differently.
    EXPECT_EQ(ObjectStore::key_for("a/b", "1", "2"), ObjectStore::key_for("a/b", "1", "2"));
    EXPECT_NE(ObjectStore::key_for("a/b", "1", "2"), ObjectStore::key_for("a/c", "1", "2"));
    EXPECT_NE(ObjectStore::key_for("1", "1", "../x"), ObjectStore::key_for("1", "1", "../y"));
    // Only the non-UID component is hashed.
    const std::string mixed = ObjectStore::key_for("1.2", "../..", "3.4");
    EXPECT_TRUE(mixed.starts_with("1.2/x")) << mixed;
    EXPECT_TRUE(mixed.ends_with("/3.4.dcm")) << mixed;
}

TEST_F(ObjectStoreTest, OpenRemovesStaleTemporariesAndKeepsYoungOnes)
{
    fs::create_directories(root() + "/.incoming");
    const std::string stale = root() + "/.incoming/object-stale1", young = root() + "/.incoming/object-young1",
                      just_over = root() + "/.incoming/object-stale2";
    for (const auto& path : {stale, young, just_over})
        std::ofstream(path) << "left by a crash";
    set_age(stale, std::chrono::hours(5));
    set_age(just_over, std::chrono::minutes(61));
    set_age(young, std::chrono::minutes(50));
    // A stored object, however old, is never touched.
    fs::create_directories(root() + "/1.2/3.4");
    std::ofstream(root() + "/1.2/3.4/5.6.dcm") << "stored long ago";
    set_age(root() + "/1.2/3.4/5.6.dcm", std::chrono::hours(24 * 400));

    auto store = open_store();
    ASSERT_TRUE(store);
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_FALSE(fs::exists(just_over));
    EXPECT_TRUE(fs::exists(young));
    EXPECT_TRUE(store->contains("1.2/3.4/5.6.dcm"));
}

/// Each thread stores and removes its own key in the same series folder (and study folder), so
/// one thread's remove() keeps emptying the folders the other one's store() is filling.
void store_and_remove_from_two_threads(ObjectStore* store, int rounds)
{
    std::atomic<int> failures{0};
    std::vector<std::string> errors[2];
    auto work = [&](int thread) {
        const std::string mine = "1.2.3/1.2.3.4/" + std::to_string(thread) + ".dcm";
        for (int round = 0; round < rounds; ++round) {
            auto object = store->create_incoming();
            if (!object) {
                errors[thread].push_back("create_incoming: " + object.error().message);
                ++failures;
                continue;
            }
            auto written = (*object)->write(bytes_of(mine));
            auto stored = written ? store->store(**object, mine) : written;
            if (!stored) {
                errors[thread].push_back("store: " + stored.error().message);
                ++failures;
                continue;
            }
            if (!store->contains(mine)) {
                errors[thread].push_back("stored but not there: " + mine);
                ++failures;
            }
            auto removed = store->remove(mine);
            if (!removed) {
                errors[thread].push_back("remove: " + removed.error().message);
                ++failures;
            }
        }
    };
    std::thread first(work, 0), second(work, 1);
    first.join();
    second.join();
    for (const auto& list : errors)
        for (size_t i = 0; i < list.size() && i < 5; ++i)
            ADD_FAILURE() << list[i];
    EXPECT_EQ(failures.load(), 0);
    EXPECT_TRUE(visible_files(store->root()).empty());
    EXPECT_FALSE(fs::exists(store->root() + "/1.2.3"));
    EXPECT_EQ(incoming_count(store->root()), 0u);
}

TEST_F(ObjectStoreTest, ConcurrentStoreAndRemoveInOneSeriesFolderNeverFail)
{
    auto store = open_store(Durability::NoFsync);
    ASSERT_TRUE(store);
    store_and_remove_from_two_threads(store.get(), 400);
}

TEST_F(ObjectStoreTest, ConcurrentStoreAndRemoveInOneSeriesFolderNeverFailWithFsync)
{
    auto store = open_store(Durability::Fsync);
    ASSERT_TRUE(store);
    store_and_remove_from_two_threads(store.get(), 150);
}

TEST_F(ObjectStoreTest, ConcurrentStoresOfManyKeysInOneSeriesFolderAllArrive)
{
    auto store = open_store();
    ASSERT_TRUE(store);
    constexpr int per_thread = 50;
    std::atomic<int> failures{0};
    auto work = [&](int thread) {
        for (int i = 0; i < per_thread; ++i) {
            const std::string name = "7.7/8.8/" + std::to_string(thread) + "." + std::to_string(i) + ".dcm";
            auto object = incoming_with(*store, name);
            if (!object || !store->store(*object, name))
                ++failures;
            // Remove every other one again while the other threads keep storing.
            if (i % 2 == 1 && !store->remove(name))
                ++failures;
        }
    };
    std::vector<std::thread> threads;
    for (int thread = 0; thread < 4; ++thread)
        threads.emplace_back(work, thread);
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    const auto files = visible_files(root());
    EXPECT_EQ(files.size(), size_t(4 * per_thread / 2));
    for (int thread = 0; thread < 4; ++thread)
        for (int i = 0; i < per_thread; i += 2) {
            const std::string name = "7.7/8.8/" + std::to_string(thread) + "." + std::to_string(i) + ".dcm";
            EXPECT_EQ(text_of(store->path_of(name)), name);
        }
}

}  // namespace
}  // namespace roentgen::storage
