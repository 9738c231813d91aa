#pragma once
// Umbrella header: everything a C++ program needs from costmodel.

#include "costmodel/allocate.hpp"
#include "costmodel/currency.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"
#include "costmodel/rounding.hpp"
#include "costmodel/rounding_policy.hpp"
#include "costmodel/version.hpp"
