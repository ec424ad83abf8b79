#!/usr/bin/env perl
# Writes the tiny GeoIP City-layout database the iplocation tests read
# (tests/data/geoip/test-city.mmdb), with made-up places for documentation
# address ranges (RFC 5737 / RFC 3849). Needs MaxMind::DB::Writer (Debian:
# libmaxmind-db-writer-perl). Usage: perl make_test_mmdb.pl OUT.mmdb
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift @ARGV or die "usage: $0 OUT.mmdb\n";
my %types = (
    city => 'map', country => 'map', continent => 'map', subdivisions => ['array', 'map'],
    location => 'map', names => 'map', en => 'utf8_string', de => 'utf8_string',
    iso_code => 'utf8_string', latitude => 'double', longitude => 'double',
    metro_code => 'uint16', time_zone => 'utf8_string',
);
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6, record_size => 24, database_type => 'GeoIP2-City',
    languages => ['en', 'de'], description => { en => 'rulejit iplocation test data' },
    map_key_type_callback => sub { $types{ $_[0] } }, remove_reserved_networks => 0,
);
# A full City record.
$tree->insert_network('192.0.2.0/24', {
    city => { names => { en => 'Springfield', de => 'Springfeld' } },
    country => { iso_code => 'US', names => { en => 'United States', de => 'Vereinigte Staaten' } },
    continent => { names => { en => 'North America', de => 'Nordamerika' } },
    subdivisions => [ { iso_code => 'IL', names => { en => 'Illinois' } } ],
    location => { latitude => 39.8, longitude => -89.65, metro_code => 648, time_zone => 'America/Chicago' },
});
# A country-level record: no city, no subdivision.
$tree->insert_network('198.51.100.0/24', {
    country => { iso_code => 'FR', names => { en => 'France', de => 'Frankreich' } },
    continent => { names => { en => 'Europe' } },
    location => { latitude => 46, longitude => 2 },
});
$tree->insert_network('2001:db8::/32', {
    city => { names => { en => 'Berlin' } },
    country => { iso_code => 'DE', names => { en => 'Germany' } },
    location => { latitude => 52.5, longitude => 13.4 },
});
open my $fh, '>:raw', $out or die "cannot write $out: $!\n";
$tree->write_tree($fh);
close $fh or die "cannot write $out: $!\n";
