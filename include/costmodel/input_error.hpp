#pragma once
// The error every parser throws for input a user got wrong. Its message names the input (file), the
// field (a path such as workloads[3].memory_gb) and the value: "100k.json: workloads[3].memry_gb: unknown key".
//
// `value()` is the offending value as the user wrote it (empty when there is none to show, as for a
// missing key); `source()` and `path()` are what the message starts with, so a program can point at
// the place without parsing the text.

#include <stdexcept>
#include <string>

namespace costmodel {

class input_error : public std::invalid_argument {
public:
    input_error(std::string source, std::string path, const std::string& message, std::string value = {})
        : std::invalid_argument(compose(source, path, message)),
          source_(std::move(source)),
          path_(std::move(path)),
          value_(std::move(value)) {}

    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& value() const noexcept { return value_; }

private:
    std::string source_;
    std::string path_;
    std::string value_;

    static std::string compose(const std::string& source, const std::string& path, const std::string& message) {
        // With neither, the message says where itself (a catalog's "catalog X has no price for ...").
        if (source.empty() && path.empty()) return message;
        std::string text = source.empty() ? std::string("<input>") : source;
        if (!path.empty()) text += ": " + path;
        return text + ": " + message;
    }
};

}  // namespace costmodel
