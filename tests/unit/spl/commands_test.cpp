// Golden tests for each command module: options, typed values, defaults,
// and per-command errors.
#include <gtest/gtest.h>

#include "compiler/commands/rex.h"
#include "compiler/commands/stats.h"
#include "compiler/commands/tstats.h"
#include "tests/unit/spl/test_util.h"

namespace rulejit::spl::testing {
namespace {

// Parses "| <cmd>" and prints the single command.
std::string cmd(std::string_view text) { return spl_ast("| " + std::string(text)); }

TEST(Eval, Assignments) {
  EXPECT_EQ(cmd("eval a=2, b=a*3"), "(eval (set a 2) (set b (* a 3)))");
  EXPECT_EQ(cmd(R"(eval "Account Name"=x, 'a.b'=1, {f}=2, low-user=lower(u), a{}.b=3)"),
            "(eval (set \"Account Name\" x) (set a.b 1) (set-indirect f 2) (set low-user (call "
            "lower u)) (set a{}.b 3))");
  EXPECT_EQ(cmd("eval anomalies =if(x, 1, 0)"), "(eval (set anomalies (call if x 1 0)))");
}

TEST(Eval, Errors) {
  EXPECT_EQ(first_error("| eval"), "2-6: eval needs an assignment (field=expression)");
  EXPECT_EQ(first_error("| eval a"), "7-8: expected '=' after 'a' in eval");
  EXPECT_EQ(first_error("| eval a=1 b=2"),
            "11-12: unexpected 'b' in eval (expected ',' between assignments)");
  EXPECT_EQ(first_error("| eval a==1"), "7-8: expected '=' after 'a' in eval");
  EXPECT_EQ(first_error("| eval a=1,"), "11-11: expected a field name to assign in eval");
}

TEST(Where, Expression) {
  EXPECT_EQ(cmd("where a=1 OR b=2 AND c=3"), "(where (or (= a 1) (and (= b 2) (= c 3))))");
  EXPECT_EQ(cmd(R"(where user=admin)"), "(where (= user admin))");
  EXPECT_EQ(first_error("| where"), "2-7: where needs an expression");
  EXPECT_EQ(first_error("| where a b"), "10-11: unexpected 'b' in where");
}

TEST(Stats, AggregationsAndDefaultNames) {
  EXPECT_EQ(cmd("stats count count(x) c(x) dc(user) distinct_count(user) values(process) "
                "min(_time) p95(bytes) perc99.5(bytes) exactperc50(b) upperperc90(b) mean(n) "
                "estdc(u) first(a) last(a) earliest_time(a) latest_time(a)"),
            "(stats (count :as \"count\") (count x :as \"count(x)\") (count x :as \"c(x)\") (dc "
            "user :as \"dc(user)\") (dc user :as \"distinct_count(user)\") (values process :as "
            "\"values(process)\") (min _time :as \"min(_time)\") (perc 95 bytes :as "
            "\"p95(bytes)\") (perc 99.5 bytes :as \"perc99.5(bytes)\") (exactperc 50 b :as "
            "\"exactperc50(b)\") (upperperc 90 b :as \"upperperc90(b)\") (avg n :as "
            "\"mean(n)\") (estdc u :as \"estdc(u)\") (first a :as \"first(a)\") (last a :as "
            "\"last(a)\") (earliest_time a :as \"earliest_time(a)\") (latest_time a :as "
            "\"latest_time(a)\"))");
  EXPECT_EQ(cmd("stats values( process ) sum(n)"),
            "(stats (values process :as \"values(process)\") (sum n :as \"sum(n)\"))");
}

TEST(Stats, AsCommasByAndEval) {
  EXPECT_EQ(cmd(R"(stats count AS c, min(_time) as firstTime values(x) As "Search Name" by host, user)"),
            "(stats (count :as \"c\") (min _time :as \"firstTime\") (values x :as \"Search "
            "Name\") :by (host user))");
  EXPECT_EQ(cmd("stats count(eval(x > 1)) as big sum(eval(if(a, 1, 0)))"),
            "(stats (count (eval (> x 1)) :as \"big\") (sum (eval (call if a 1 0)) :as "
            "\"sum(eval(if(a, 1, 0)))\"))");
  EXPECT_EQ(cmd("stats values(*) as * avg(process.*) as process.*"),
            "(stats (values * :as \"*\") (avg process.* :as \"process.*\"))");
  EXPECT_EQ(cmd("stats values(aceFlags) as aceFlags(inheritance) BY x dedup_splitvals=t"),
            "(stats :dedup_splitvals true (values aceFlags :as \"aceFlags(inheritance)\") :by "
            "(x))");
  EXPECT_EQ(cmd("stats sparkline, sparkline(count(x),1h) count"),
            "(stats (sparkline :as \"sparkline\") (sparkline \"count(x),1h\" :as "
            "\"sparkline(count(x),1h)\") (count :as \"count\"))");
}

TEST(Stats, NodeFields) {
  auto out = parse_spl("| stats count(eval(x>1)) AS big by h");
  ASSERT_TRUE(out.ok());
  const auto& s = dynamic_cast<const StatsCommand&>(*out.pipeline->commands[0]);
  ASSERT_EQ(s.aggs.size(), 1u);
  EXPECT_EQ(s.aggs[0].function, "count");
  EXPECT_EQ(s.aggs[0].default_name, "count(eval(x>1))");
  EXPECT_EQ(s.aggs[0].output_name, "big");
  EXPECT_TRUE(s.aggs[0].renamed);
  ASSERT_NE(s.aggs[0].eval_arg, nullptr);
  EXPECT_EQ(s.by[0].name, "h");
}

TEST(Stats, Errors) {
  EXPECT_EQ(first_error("| stats"), "2-7: stats needs at least one statistical function");
  EXPECT_EQ(first_error("| stats by x"), "2-7: stats needs at least one statistical function");
  EXPECT_EQ(first_error("| stats cnt(x)"), "8-11: unknown statistical function 'cnt' in stats");
  EXPECT_EQ(first_error("| stats values"), "8-14: values needs an argument, e.g. values(field)");
  EXPECT_EQ(first_error("| stats values()"), "14-16: values() needs a field name");
  EXPECT_EQ(first_error("| stats count(x"), "13-14: unbalanced '(': no matching ')'");
  EXPECT_EQ(first_error("| stats count by"),
            "16-16: unexpected end of input after BY (expected field names)");
  EXPECT_EQ(first_error("| stats count as"),
            "16-16: unexpected end of input after AS (expected a field name)");
  EXPECT_EQ(first_error("| stats count partitions=x"),
            "25-26: invalid value 'x' for option 'partitions' (expected an integer from 1 to "
            "1048576)");
}

TEST(Eventstats, Basic) {
  EXPECT_EQ(cmd("eventstats allnum=f avg(count) as avg stdev(count) as sd by host"),
            "(eventstats :allnum false (avg count :as \"avg\") (stdev count :as \"sd\") :by "
            "(host))");
}

TEST(Streamstats, Options) {
  EXPECT_EQ(cmd("streamstats current=f window=5 global=false allnum=t time_window=1h "
                "reset_on_change=true reset_before=(x>1) reset_after=(isnull(y)) sum(n) as s "
                "by host"),
            "(streamstats :current false :window 5 :global false :allnum true :time_window 1h "
            ":reset_on_change true :reset_before (> x 1) :reset_after (call isnull y) (sum n :as "
            "\"s\") :by (host))");
  EXPECT_EQ(first_error("| streamstats window=-1 count"),
            "21-23: invalid value '-1' for option 'window' (expected an integer from 0 to "
            "10000000)");
  EXPECT_EQ(first_error("| streamstats time_window=xyz count"),
            "26-29: invalid time span 'xyz' for option 'time_window' (expected e.g. 30s, 5m, "
            "1h, 1d)");
  EXPECT_EQ(first_error("| streamstats reset_before=x count"),
            "14-26: expected (expression) after reset_before=");
}

TEST(Tstats, FullForm) {
  EXPECT_EQ(
      cmd("tstats summariesonly=false allow_old_summaries=true fillnull_value=null count "
          "min(_time) as firstTime from datamodel=Endpoint.Processes where "
          "(Processes.process_name=cmd.exe OR Processes.x=y) Processes.p IN (\"a\", b) by "
          "Processes.dest _time span=1h Processes.user"),
      "(tstats :summariesonly false :allow_old_summaries true :fillnull_value \"null\" (count "
      ":as \"count\") (min _time :as \"firstTime\") :datamodel \"Endpoint.Processes\" :where "
      "(and (or (= Processes.process_name \"cmd.exe\") (= Processes.x \"y\")) (in Processes.p "
      "q\"a\" \"b\")) :by (Processes.dest _time Processes.user) :span 1h)");
}

TEST(Tstats, KeywordsAndOptions) {
  EXPECT_EQ(cmd("tstats prestats=t local=f append=true chunk_size=1000 "
                "include_reduced_buckets=t count FROM datamodel=Web WHERE Web.status=200 GROUPBY "
                "Web.src"),
            "(tstats :chunk_size 1000 :prestats true :local false :append true "
            ":include_reduced_buckets true (count :as \"count\") :datamodel \"Web\" :where (= "
            "Web.status \"200\") :by (Web.src))");
  EXPECT_EQ(cmd("tstats count where index=x BY host"),
            "(tstats (count :as \"count\") :where (= index \"x\") :by (host))");
  EXPECT_EQ(cmd(R"(tstats count from datamodel:"Endpoint.Processes")"),
            "(tstats (count :as \"count\") :datamodel \"Endpoint.Processes\")");
  EXPECT_EQ(cmd("tstats count from mynamespace by host"),
            "(tstats (count :as \"count\") :from \"mynamespace\" :by (host))");
}

// Macros put options between aggregations (count `summariesonly` values(x)).
TEST(Tstats, OptionsBetweenAggregations) {
  EXPECT_EQ(cmd("tstats count summariesonly=false values(Web.url) as url from datamodel=Web.Web by "
                "Web.dest"),
            "(tstats :summariesonly false (count :as \"count\") (values Web.url :as \"url\") "
            ":datamodel \"Web.Web\" :by (Web.dest))");
  EXPECT_EQ(cmd("tstats count allow_old_summaries=true dc(a) fillnull_value=x max(b) prestats=f"),
            "(tstats :allow_old_summaries true :fillnull_value \"x\" :prestats false (count :as "
            "\"count\") (dc a :as \"dc(a)\") (max b :as \"max(b)\"))");
  EXPECT_EQ(first_error("| tstats count summariesonly=false bogus=1 by x"),
            "35-40: unexpected 'bogus' in tstats");
}

// A comma may follow the span value directly in the by-list.
TEST(Tstats, SpanInCommaSeparatedByList) {
  EXPECT_EQ(cmd("tstats count from datamodel=Network_Traffic.All_Traffic by _time span=1h, "
                "All_Traffic.src"),
            "(tstats (count :as \"count\") :datamodel \"Network_Traffic.All_Traffic\" :by "
            "(_time All_Traffic.src) :span 1h)");
  EXPECT_EQ(cmd("tstats count by _time span=30m,host,dest"),
            "(tstats (count :as \"count\") :by (_time host dest) :span 30m)");
  EXPECT_EQ(first_error("| tstats count by _time span=,host"),
            "24-28: missing value for option 'span'");
}

TEST(Tstats, NodenameMovesOutOfWhere) {
  EXPECT_EQ(cmd(R"(tstats count from datamodel=Network_Resolution where nodename=DNS "DNS.reply_code"!="No Error" by "DNS.src")"),
            "(tstats (count :as \"count\") :datamodel \"Network_Resolution\" :nodename \"DNS\" "
            ":where (!= DNS.reply_code q\"No Error\") :by (DNS.src))");
  EXPECT_EQ(cmd("tstats count from datamodel=Network_Traffic where "
                "nodename=All_Traffic.Blocked_Traffic"),
            "(tstats (count :as \"count\") :datamodel \"Network_Traffic\" :nodename "
            "\"All_Traffic.Blocked_Traffic\")");
  auto out = parse_spl("| tstats count from datamodel=A where nodename=A.B x=1 by h");
  ASSERT_TRUE(out.ok());
  const auto& t = dynamic_cast<const TstatsCommand&>(*out.pipeline->commands[0]);
  EXPECT_EQ(t.datamodel, "A");
  EXPECT_EQ(t.nodename, "A.B");
  ASSERT_NE(t.where, nullptr);
  EXPECT_EQ(t.where->kind, SearchExpr::Kind::Compare);
  EXPECT_EQ(t.datamodel_span.begin, 30u);
  EXPECT_EQ(t.datamodel_span.end, 31u);
}

TEST(Tstats, Errors) {
  EXPECT_EQ(first_error("| tstats from datamodel=X"),
            "2-8: tstats needs at least one statistical function");
  EXPECT_EQ(first_error("| tstats summariesonly=maybe count"),
            "23-28: invalid boolean 'maybe' for option 'summariesonly' (expected true or false)");
  EXPECT_EQ(first_error("| tstats count from datamodel= where x=1"),
            "20-29: missing value for option 'datamodel'");
  EXPECT_EQ(cmd("tstats count from datamodel = Web"),
            "(tstats (count :as \"count\") :datamodel \"Web\")");
  EXPECT_EQ(first_error("| tstats count where by x"),
            "21-23: unexpected 'by' after WHERE (expected a search expression)");
  EXPECT_EQ(first_error("| tstats count by x span=7parsecs"),
            "25-33: invalid time span '7parsecs' for option 'span' (expected e.g. 30s, 5m, 1h, "
            "1d)");
}

TEST(Mstats, Basic) {
  EXPECT_EQ(cmd("mstats avg(tcp.*) as tcp.* where index=m AND earliest=-1h by k8s.name span=10s"),
            "(mstats (avg tcp.* :as \"tcp.*\") :where (and (= index \"m\") (= earliest \"-1h\")) "
            ":by (k8s.name) :span 10s)");
  EXPECT_EQ(cmd("mstats prestats=t append=f backfill=t fillnull_value=0 chunk_size=10 "
                "update_period=1m span=1h max(x) where index=m"),
            "(mstats :prestats true :append false :backfill true :fillnull_value \"0\" "
            ":chunk_size 10 :update_period 1m (max x :as \"max(x)\") :where (= index \"m\") :span "
            "1h)");
}

TEST(Rename, Pairs) {
  EXPECT_EQ(cmd(R"(rename "Processes.*" as *, a AS b c As "d e")"),
            "(rename (Processes.* -> *) (a -> b) (c -> \"d e\"))");
  EXPECT_EQ(cmd("rename values(x) as x, count(eval(y)) as y"),
            R"#((rename ("values(x)" -> x) ("count(eval(y))" -> y)))#");
  // Unquoted text right after a quoted name continues it.
  EXPECT_EQ(cmd(R"(rename "Web".* AS *, "a b"_c as "x"y)"),
            "(rename (Web.* -> *) (\"a b_c\" -> xy))");
  EXPECT_EQ(cmd(R"(rename "Web" AS w)"), "(rename (Web -> w))");
  EXPECT_EQ(first_error("| rename a b"), "11-12: expected AS after 'a' in rename");
  EXPECT_EQ(first_error("| rename a as"),
            "13-13: expected the new field name after AS in rename");
  EXPECT_EQ(first_error("| rename"), "2-8: rename needs <field> AS <new name>");
}

TEST(Rex, OptionsAndDecoding) {
  EXPECT_EQ(cmd(R"(rex field=cmd max_match=0 offset_field=off "(?<k>[^$,]*)\$(?<v>[^,]*),?")"),
            R"((rex :field cmd :max_match 0 :offset_field off "(?<k>[^$,]*)\\$(?<v>[^,]*),?"))");
  EXPECT_EQ(cmd(R"(rex field=x mode=sed "s/\d/#/g")"), R"((rex :field x :mode sed "s/\\d/#/g"))");
  EXPECT_EQ(cmd(R"(rex "a\\\\b\"c")"), R"((rex "a\\\\b\"c"))");
  auto out = parse_spl(R"(| rex "\\x{202E}\.")");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(dynamic_cast<const RexCommand&>(*out.pipeline->commands[0]).regex, R"(\x{202E}\.)");
  EXPECT_EQ(first_error("| rex field=x"), "2-5: rex needs a regular expression in double quotes");
  EXPECT_EQ(first_error("| rex (a)"),
            "6-7: unexpected '(' in rex (the regular expression must be in double quotes)");
  EXPECT_EQ(first_error("| rex mode=perl \"x\""),
            "11-15: invalid rex mode 'perl' (only mode=sed exists)");
}

TEST(Regex, Forms) {
  EXPECT_EQ(cmd(R"(regex "(?i)abc")"), R"((regex _raw = "(?i)abc"))");
  EXPECT_EQ(cmd(R"(regex process="\\x{202E}")"), R"((regex process = "\\x{202E}"))");
  EXPECT_EQ(cmd(R"(regex process!="a\.b")"), R"((regex process != "a\\.b"))");
  EXPECT_EQ(cmd(R"(regex file_name = "x")"), R"((regex file_name = "x"))");
  EXPECT_EQ(cmd(R"(regex _raw!=foo.*bar)"), R"((regex _raw != "foo.*bar"))");
  EXPECT_EQ(first_error("| regex"), "2-7: regex needs a regular expression");
  EXPECT_EQ(first_error("| regex f= "), "9-10: missing regular expression after '='");
}

TEST(Lookup, InputsAndOutputs) {
  EXPECT_EQ(cmd("lookup update=true local=f is_windows_system_file filename as process_name "
                "OUTPUT systemFile"),
            "(lookup :local false :update true is_windows_system_file ((filename -> "
            "process_name)) :output (systemFile))");
  EXPECT_EQ(cmd("lookup t user as user OUTPUTNEW firstTimeSeen, enough_data"),
            "(lookup t (user) :outputnew (firstTimeSeen enough_data))");
  EXPECT_EQ(cmd("lookup t a AS b, c outputnew x AS y"),
            "(lookup t ((a -> b) c) :outputnew ((x -> y)))");
  EXPECT_EQ(cmd("lookup t a"), "(lookup t (a))");
  EXPECT_EQ(first_error("| lookup t"),
            "9-10: lookup needs at least one input field after the table name");
  EXPECT_EQ(first_error("| lookup t a OUTPUT"), "19-19: expected output fields");
  EXPECT_EQ(first_error("| lookup"), "2-8: lookup needs a lookup table name");
}

TEST(TableFields, Lists) {
  EXPECT_EQ(cmd(R"(table a, b c* "d e",f)"), R"((table (a b c* "d e" f)))");
  EXPECT_EQ(cmd("fields - count, targets"), "(fields - (count targets))");
  EXPECT_EQ(cmd("fields + a b"), "(fields (a b))");
  EXPECT_EQ(cmd("fields -b64x_*"), "(fields - (b64x_*))");
  EXPECT_EQ(cmd("fields a"), "(fields (a))");
  EXPECT_EQ(first_error("| table"), "2-7: table needs field names");
  EXPECT_EQ(first_error("| fields -"), "2-8: fields needs field names");
}

TEST(Dedup, Options) {
  EXPECT_EQ(cmd("dedup 3 host user keepempty=true consecutive=f keepevents=t sortby -_time "
                "+num(pid) str(x)"),
            "(dedup :count 3 (host user) :keepevents true :keepempty true :consecutive false "
            ":sortby (desc _time) (asc num pid) (asc str x))");
  EXPECT_EQ(cmd("dedup file_create_time"), "(dedup (file_create_time))");
  EXPECT_EQ(first_error("| dedup 2"), "2-7: dedup needs at least one field");
  EXPECT_EQ(first_error("| dedup 0 x"),
            "8-9: invalid value '0' for option 'count' (expected an integer from 1 to "
            "1099511627776)");
}

TEST(Bin, Options) {
  EXPECT_EQ(cmd("bin _time span=5m"), "(bin _time :span 5m)");
  EXPECT_EQ(cmd("bucket span=1h _time AS t"), "(bin _time :as t :span 1h)");
  EXPECT_EQ(cmd("bin bytes bins=10 minspan=1s aligntime=@d start=0 end=100.5"),
            "(bin bytes :bins 10 :minspan 1s :aligntime \"@d\" :start 0 :end 100.5)");
  EXPECT_EQ(first_error("| bin span=5m"), "2-5: bin needs a field (e.g. bin _time span=5m)");
  // Valid SPL that is not modelled is flagged `unsupported`.
  auto out = parse_spl("| bin bytes span=2log10");
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_TRUE(out.errors[0].unsupported);
  EXPECT_EQ(out.errors[0].message, "logarithmic bin spans (span=2log10) are not supported");
  EXPECT_FALSE(parse_spl("| bin _time span=5x").errors.at(0).unsupported);
  EXPECT_EQ(first_error("| bin _time span=5parsecs"),
            "17-25: invalid time span '5parsecs' for option 'span' (expected e.g. 30s, 5m, 1h, "
            "1d)");
}

TEST(Fillnull, ValueAndFields) {
  EXPECT_EQ(cmd("fillnull"), "(fillnull ())");
  EXPECT_EQ(cmd(R"(fillnull value="Unknown" src_category, dest_category)"),
            R"((fillnull :value "Unknown" (src_category dest_category)))");
  EXPECT_EQ(cmd("fillnull a value=0 b"), R"((fillnull :value "0" (a b)))");
}

TEST(Convert, Functions) {
  EXPECT_EQ(cmd(R"(convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) mktime(t) AS u, dur2sec(d) num(*time))"),
            "(convert :timeformat \"%Y-%m-%dT%H:%M:%S\" (ctime firstTime) (mktime t :as u) "
            "(dur2sec d) (num *time))");
  EXPECT_EQ(cmd("convert rmunit(a) rmcomma(b) memk(c) auto(d) none(e) mstime(f)"),
            "(convert (rmunit a) (rmcomma b) (memk c) (auto d) (none e) (mstime f))");
  EXPECT_EQ(first_error("| convert ztime(x)"),
            "10-15: unknown convert function 'ztime' (expected ctime, mktime, dur2sec, mstime, "
            "num, rmunit, rmcomma, memk, auto or none)");
  EXPECT_EQ(first_error("| convert ctime x"), "10-15: expected '(' after ctime");
}

TEST(Spath, Forms) {
  EXPECT_EQ(cmd("spath"), "(spath)");
  EXPECT_EQ(cmd("spath eventName"), R"((spath :path "eventName"))");
  EXPECT_EQ(cmd("spath input=json_data path=RequiredAppPermissions{}.EntitlementId output=ids"),
            R"((spath :input json_data :output ids :path "RequiredAppPermissions{}.EntitlementId"))");
  EXPECT_EQ(cmd(R"(spath output=B2BNew path={} input=x)"),
            R"((spath :input x :output B2BNew :path "{}"))");
  EXPECT_EQ(first_error("| spath a b"), "10-11: unexpected 'b' in spath");
}

TEST(MvexpandMakemv, Options) {
  EXPECT_EQ(cmd("mvexpand ip limit=5"), "(mvexpand ip :limit 5)");
  EXPECT_EQ(cmd(R"(makemv delim="," allowempty=t setsv=f c)"),
            R"((makemv :delim "," :allowempty true :setsv false c))");
  EXPECT_EQ(cmd(R"#(makemv tokenizer="(\w+)" c)#"), R"#((makemv :tokenizer "(\\w+)" c))#");
  EXPECT_EQ(first_error("| mvexpand"), "2-10: mvexpand needs a field");
  EXPECT_EQ(first_error("| mvexpand a b"), "13-14: unexpected 'b' in mvexpand");
}

TEST(SortHead, Options) {
  EXPECT_EQ(cmd("sort - _time,src, query"), "(sort (desc _time) (asc src) (asc query))");
  EXPECT_EQ(cmd("sort 0 -count +num(a) ip(b) auto(c) str(d) e desc"),
            "(sort :limit 0 (desc count) (asc num a) (asc ip b) (asc auto c) (asc str d) (asc e) "
            ":reverse)");
  EXPECT_EQ(cmd("sort limit=5 d"), "(sort :limit 5 (asc d))");
  EXPECT_EQ(cmd("head"), "(head)");
  EXPECT_EQ(cmd("head 20"), "(head :limit 20)");
  EXPECT_EQ(cmd("head limit=3 keeplast=t null=f (count > 1)"),
            "(head :limit 3 :while (> count 1) :null false :keeplast true)");
  EXPECT_EQ(first_error("| sort"), "2-6: sort needs at least one field");
  EXPECT_EQ(first_error("| head x"), "7-8: unexpected 'x' in head");
}

TEST(Subsearches, JoinAppendAppendpipe) {
  EXPECT_EQ(cmd("join type=left usetime=t earlier=f overwrite=false max=0 proc_guid, _time [| "
                "tstats count from datamodel=X by _time]"),
            "(join :type left :usetime true :earlier false :overwrite false :max 0 (proc_guid "
            "_time) (pipeline :leading_pipe (tstats (count :as \"count\") :datamodel \"X\" :by "
            "(_time))))");
  EXPECT_EQ(cmd("join host [search b]"),
            "(join (host) (pipeline (search (term \"b\"))))");
  EXPECT_EQ(cmd("append maxout=10 [search a | head 1]"),
            "(append :maxout 10 (pipeline (search (term \"a\")) (head :limit 1)))");
  EXPECT_EQ(cmd("appendpipe [stats count | eval x=1]"),
            "(appendpipe (pipeline (stats (count :as \"count\")) (eval (set x 1))))");
  EXPECT_EQ(first_error("| join host"), "2-6: join needs a subsearch in [...]");
  EXPECT_EQ(first_error("| join type=cross host [search a]"),
            "12-17: invalid join type 'cross' (expected inner, outer or left)");
  EXPECT_EQ(first_error("| appendpipe [a=1]"), "14-17: unknown command 'a=1'");
  EXPECT_EQ(first_error("| append [search a"), "9-10: unbalanced '[': no matching ']'");
}

TEST(Inputlookup, Forms) {
  EXPECT_EQ(cmd("inputlookup append=t strict=f start=1 max=10 t.csv where a=1 OR b=2"),
            "(inputlookup :append true :strict false :start 1 :max 10 t.csv :where (or (= a "
            "\"1\") (= b \"2\")))");
  EXPECT_EQ(cmd("inputlookup s3_baseline append=t"), "(inputlookup :append true s3_baseline)");
  EXPECT_EQ(first_error("| inputlookup"), "2-13: inputlookup needs a lookup table name");
}

TEST(Foreach, TemplateKeptRaw) {
  EXPECT_EQ(cmd(R"(foreach mode=multifield matchstr=x stdev_* avg_* [eval a_<<MATCHSTR>>='<<FIELD>>' * 2 | x="\"]" ])"),
            R"((foreach :mode multifield :matchstr "x" (stdev_* avg_*) :template "eval a_<<MATCHSTR>>='<<FIELD>>' * 2 | x=\"\\\"]\" "))");
  auto out = parse_spl("| foreach a* [eval x=1]");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(first_error("| foreach [eval x=1]"), "2-9: foreach needs field names (wildcards allowed)");
  EXPECT_EQ(first_error("| foreach mode=zigzag a [eval x=1]"), "15-21: invalid foreach mode 'zigzag'");
}

TEST(Iplocation, Options) {
  EXPECT_EQ(cmd("iplocation prefix=src_ allfields=true lang=en src_ip"),
            R"((iplocation :prefix "src_" :allfields true :lang "en" src_ip))");
  EXPECT_EQ(first_error("| iplocation"), "2-12: iplocation needs an IP address field");
}

TEST(Cyberchef, OptionsAndRecipeAsWritten) {
  EXPECT_EQ(cmd(R"(cyberchef infield="d" outfield=o operation="To Base64")"),
            R"((cyberchef :infield d :outfield o :operation "To Base64"))");
  // The JSON's quotes left unescaped inside the quoted value, as detections write it.
  EXPECT_EQ(cmd(R"(cyberchef infield=d jsonrecipe="[{"op":"From Punycode","args":[true]}]" outfield=o)"),
            R"((cyberchef :infield d :outfield o :jsonrecipe "[{\"op\":\"From Punycode\",\"args\":[true]}]"))");
  EXPECT_EQ(cmd(R"(cyberchef infield=d jsonrecipe="[{\"op\":\"To Base64\"}]")"),
            R"((cyberchef :infield d :jsonrecipe "[{\"op\":\"To Base64\"}]"))");
  EXPECT_EQ(first_error("| cyberchef outfield=o operation=x"), "2-11: cyberchef needs infield=<field>");
  EXPECT_EQ(first_error("| cyberchef infield=d"), "2-11: cyberchef needs exactly one of operation= and jsonrecipe=");
  EXPECT_EQ(first_error(R"(| cyberchef infield=d jsonrecipe="[{"op":"x")"), "33-44: unbalanced '[' in jsonrecipe");
}

TEST(Fromjson, FieldAndPrefix) {
  EXPECT_EQ(cmd("fromjson Data prefix=j_"), R"((fromjson :prefix "j_" Data))");
  EXPECT_EQ(cmd("fromjson \"my data\""), R"((fromjson "my data"))");
  EXPECT_EQ(first_error("| fromjson"), "2-10: fromjson needs a field holding JSON");
  EXPECT_EQ(first_error("| fromjson a b"), "13-14: unexpected 'b' in fromjson");
}

TEST(Extract, OptionsAndAlias) {
  EXPECT_EQ(cmd(R"(extract pairdelim=";" kvdelim=":" mv_add=true limit=5 clean_keys=f)"),
            R"((extract :pairdelim ";" :kvdelim ":" :limit 5 :mv_add true :clean_keys false))");
  EXPECT_EQ(cmd("kv reload=true my_stanza"), "(extract :reload true (my_stanza))");
  EXPECT_EQ(first_error("| extract limit=x"), "16-17: invalid value 'x' for option 'limit' (expected an integer from 0 to 2147483647)");
}

TEST(From, DatasetForms) {
  EXPECT_EQ(cmd("from datamodel:Web.Web"), "(from datamodel Web.Web)");
  EXPECT_EQ(cmd(R"(from DataModel "Endpoint.Processes")"), "(from datamodel Endpoint.Processes)");
  EXPECT_EQ(cmd("from lookup:my_table"), "(from lookup my_table)");
  EXPECT_EQ(first_error("| from index:main"),
            "7-12: invalid dataset type 'index' (expected datamodel, lookup or savedsearch)");
  EXPECT_EQ(first_error("| from datamodel"), "7-16: from needs a dataset name after 'datamodel'");
}

TEST(Addtotals, OptionsAndCommaSeparatedFields) {
  EXPECT_EQ(cmd("addtotals fieldname=Score, jndi, env_var obf"),
            "(addtotals :fieldname Score (jndi env_var obf))");
  EXPECT_EQ(cmd("addtotals row=f col=t labelfield=l label=Sum count*"),
            R"((addtotals :row false :col true :labelfield l :label "Sum" (count*)))");
  EXPECT_EQ(cmd("addtotals"), "(addtotals)");
}

TEST(Replace, PairsAndInList) {
  EXPECT_EQ(cmd(R"(replace "%%14674" with "Value Added", *localhost WITH localhost IN OperationType, host)"),
            R"((replace (with "%%14674" "Value Added") (with "*localhost" "localhost") :in (OperationType host)))");
  EXPECT_EQ(cmd("replace aug WITH August"), R"((replace (with "aug" "August")))");
  EXPECT_EQ(first_error("| replace"), "2-9: replace needs <value> WITH <replacement>");
  EXPECT_EQ(first_error("| replace a b"), "12-13: replace: expected WITH after 'a'");
  EXPECT_EQ(first_error("| replace a WITH b IN"), "21-21: replace: expected field names after IN");
}

TEST(Transaction, Options) {
  EXPECT_EQ(cmd(R"(transaction dest connected=false maxpause=5m maxspan=30s maxevents=10 startswith="login" endswith=eval(x>1) keepevicted=t mvlist=f delim="," name=t1)"),
            "(transaction (dest) :name \"t1\" :maxspan 30s :maxpause 5m :maxevents 10 "
            ":startswith \"login\" :endswith (eval (> x 1)) :connected false :keepevicted true "
            ":mvlist false :delim \",\")");
  EXPECT_EQ(cmd("transaction host maxspan=-1 maxpause=-1"), "(transaction (host))");
}

// Splunk's filter-string may be a search expression in parentheses, with
// spaces and quoted values inside (not one option word).
TEST(Transaction, ParenthesizedFilters) {
  EXPECT_EQ(cmd("transaction user startswith=(op=a op2=b) endswith=(op=z OR done)"),
            "(transaction (user) :startswith (and (= op \"a\") (= op2 \"b\")) "
            ":endswith (or (= op \"z\") (term \"done\")))");
  EXPECT_EQ(cmd(R"(transaction user startswith=(op="a b") maxspan=5m)"),
            "(transaction (user) :maxspan 5m :startswith (= op q\"a b\"))");  // q: a quoted value
  EXPECT_EQ(cmd("transaction user startswith=( (a=1) ) keepevicted=true"),
            "(transaction (user) :startswith (= a \"1\") :keepevicted true)");
  // Errors point inside the parentheses, or at an unclosed one.
  EXPECT_EQ(first_error("| transaction u startswith=(a= )"), "29-30: missing value after '='");
  EXPECT_EQ(first_error("| transaction u startswith=(a=1"), "27-28: unbalanced '(': no matching ')'");
  EXPECT_EQ(first_error("| transaction u startswith=()"), "27-29: empty search expression in startswith");
}

}  // namespace
}  // namespace rulejit::spl::testing
