// Boost.URL as shipped by Debian has no compiled library: this one unit compiles it in.
#include <boost/url/src.hpp>
