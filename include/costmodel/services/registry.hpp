#pragma once
// The one list of services. Everything that depends on which services exist follows from it: the
// workload variant (scenario.hpp), service_name(), the scenario reader's dispatch on "service", the
// list that `costmodel catalog`/`services()` print. Adding a service is its header, its source file,
// its catalog entries and one line here (docs/adding-a-service.md).

#include <array>
#include <cstddef>
#include <string_view>
#include <variant>

#include "costmodel/services/athena.hpp"
#include "costmodel/services/bedrock.hpp"
#include "costmodel/services/cloudtrail.hpp"
#include "costmodel/services/cloudwatch.hpp"
#include "costmodel/services/ec2.hpp"
#include "costmodel/services/ecr.hpp"
#include "costmodel/services/fargate.hpp"
#include "costmodel/services/fixed.hpp"
#include "costmodel/services/glue_catalog.hpp"
#include "costmodel/services/glue_crawler.hpp"
#include "costmodel/services/glue_job.hpp"
#include "costmodel/services/lambda.hpp"
#include "costmodel/services/nat_gateway.hpp"
#include "costmodel/services/s3.hpp"
#include "costmodel/services/step_functions.hpp"
#include "costmodel/services/vpc_endpoint.hpp"

namespace costmodel {

template <class... Types>
struct type_list {
    static constexpr std::size_t size = sizeof...(Types);
};

// The order is the order in which services are listed to users (docs, `costmodel catalog`).
using service_types =
    type_list<fargate_workload, lambda_workload, glue_job_workload, glue_crawler_workload, glue_catalog_workload,
              athena_workload, s3_workload, step_functions_workload, ecr_workload, bedrock_workload,
              cloudwatch_workload, vpc_endpoint_workload, nat_gateway_workload, cloudtrail_workload, ec2_workload,
              fixed_workload>;

template <class List>
struct variant_of;
template <class... Types>
struct variant_of<type_list<Types...>> {
    using type = std::variant<Types...>;
};

// The names of a list's services, in its order.
template <class... Types>
[[nodiscard]] constexpr std::array<std::string_view, sizeof...(Types)> service_names_of(type_list<Types...>) {
    return {Types::service_name...};
}

// What a list must be: every type names its service, and no two share a name (a name picks the type
// when a scenario is read, so a repeated one would make the later service unreachable).
template <class... Types>
[[nodiscard]] constexpr bool is_valid_service_list(type_list<Types...> list) {
    const auto names = service_names_of(list);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) return false;
        for (std::size_t j = i + 1; j < names.size(); ++j) {
            if (names[i] == names[j]) return false;
        }
    }
    return true;
}
static_assert(is_valid_service_list(service_types{}), "each service needs a service_name of its own");

// The registered services' names, in the list's order.
[[nodiscard]] constexpr auto registered_service_names() { return service_names_of(service_types{}); }

}  // namespace costmodel
