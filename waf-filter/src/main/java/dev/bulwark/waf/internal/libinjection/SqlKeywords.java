package dev.bulwark.waf.internal.libinjection;

/**
 * The SQL vocabulary of the tokenizer: which words and two-character operators have a token type other than
 * {@link TokenType#BAREWORD}, and which multi-word phrases merge into one token ("UNION ALL", "ORDER BY").
 *
 * <p>The lists are Bulwark's own, written from the public SQL references of MySQL/MariaDB, SQL Server, PostgreSQL,
 * Oracle, SQLite and MS Access. Where a word is both an everyday English word and a rare SQL keyword (TABLE, WITH,
 * ORDER, GROUP, BY, ON, ...) it is deliberately left a bareword: phrases such as "ORDER BY" still merge, but plain
 * text stays plain.
 *
 * <p>Lookup is ASCII case-insensitive and allocation-free: an open-addressing table keyed by the upper-cased bytes.
 * Immutable after class initialisation; thread-safe.
 */
final class SqlKeywords {

    /** Functions: a word followed by "(" is a call. Grouped by where they come from; duplicates are harmless. */
    private static final String FUNCTIONS = """
            ABS ACOS ADDDATE ADDTIME AES_DECRYPT AES_ENCRYPT ANY_VALUE ASCII ASIN ATAN ATAN2 AVG BENCHMARK BIN
            BIN_TO_UUID BIT_AND BIT_COUNT BIT_LENGTH BIT_OR BIT_XOR CEIL CEILING CHAR CHAR_LENGTH CHARACTER_LENGTH
            CHARSET COALESCE COERCIBILITY COLLATION COMPRESS CONCAT CONCAT_WS CONNECTION_ID CONV CONVERT CONVERT_TZ
            COS COT COUNT CRC32 CURDATE CURTIME DATE DATE_ADD DATE_FORMAT DATE_SUB DATEDIFF DAY DAYNAME DAYOFMONTH
            DAYOFWEEK DAYOFYEAR DEGREES DES_DECRYPT DES_ENCRYPT ELT ENCODE ENCRYPT EXP EXPORT_SET EXTRACT
            EXTRACTVALUE FIELD FIND_IN_SET FLOOR FORMAT FOUND_ROWS FROM_BASE64 FROM_DAYS FROM_UNIXTIME GET_FORMAT
            GET_LOCK GREATEST GROUP_CONCAT GTID_SUBSET GTID_SUBTRACT HEX HOUR IF IFNULL INET_ATON INET_NTOA
            INET6_ATON INET6_NTOA INSTR IS_FREE_LOCK IS_IPV4 IS_IPV6 IS_USED_LOCK ISNULL JSON_ARRAY JSON_CONTAINS
            JSON_EXTRACT JSON_KEYS JSON_LENGTH JSON_OBJECT JSON_QUOTE JSON_SEARCH JSON_TYPE JSON_UNQUOTE JSON_VALID
            LAST_INSERT_ID LCASE LEAST LEFT LENGTH LN LOAD_FILE LOCATE LOG LOG10 LOG2 LOWER LPAD LTRIM MAKE_SET
            MAKEDATE MAKETIME MASTER_POS_WAIT MAX MD5 MICROSECOND MID MIN MINUTE MONTH MONTHNAME NAME_CONST NOW
            NULLIF OCT OCTET_LENGTH OLD_PASSWORD ORD PERIOD_ADD PERIOD_DIFF PI POSITION POW POWER QUARTER QUOTE
            RADIANS RAND RANDOM_BYTES RELEASE_LOCK REPLACE REVERSE ROUND ROW_COUNT RPAD RTRIM SEC_TO_TIME
            SESSION_USER SHA SHA1 SHA2 SIGN SIN SLEEP SOUNDEX SPACE SQRT STD STDDEV STDDEV_POP STDDEV_SAMP
            STR_TO_DATE STRCMP SUBDATE SUBSTR SUBSTRING SUBSTRING_INDEX SUBTIME SUM SYSDATE SYSTEM_USER TAN
            TIME_FORMAT TIME_TO_SEC TIMEDIFF TIMESTAMPADD TIMESTAMPDIFF TO_BASE64 TO_DAYS TO_SECONDS TRIM TRUNCATE
            UCASE UNCOMPRESS UNCOMPRESSED_LENGTH UNHEX UNIX_TIMESTAMP UPDATEXML UPPER UTC_DATE UTC_TIME
            UTC_TIMESTAMP UUID UUID_SHORT VAR_POP VAR_SAMP VARIANCE VERSION WEEK WEEKDAY WEEKOFYEAR WEIGHT_STRING
            YEARWEEK ROW_NUMBER DENSE_RANK PERCENT_RANK CUME_DIST NTILE FIRST_VALUE LAST_VALUE NTH_VALUE
            GEOMETRYCOLLECTION LINESTRING MULTILINESTRING MULTIPOINT MULTIPOLYGON POLYGON ST_ASTEXT ST_GEOMFROMTEXT
            EXISTS ANY SOME

            APP_NAME APPLOCK_MODE APPLOCK_TEST ASSEMBLYPROPERTY ASYMKEY_ID CERT_ID CERTENCODED CHARINDEX CHECKSUM
            CHECKSUM_AGG CHOOSE COL_LENGTH COL_NAME COLUMNPROPERTY COLUMNS_UPDATED CONTEXT_INFO COUNT_BIG
            CURSOR_STATUS DATABASE_PRINCIPAL_ID DATABASEPROPERTYEX DATALENGTH DATEADD DATEFROMPARTS DATENAME
            DATEPART DATETIME2FROMPARTS DATETIMEFROMPARTS DB_ID DB_NAME DECRYPTBYKEY DECRYPTBYPASSPHRASE
            DIFFERENCE ENCRYPTBYKEY ENCRYPTBYPASSPHRASE EOMONTH ERROR_MESSAGE ERROR_NUMBER EVENTDATA FILE_ID
            FILE_IDEX FILE_NAME FILEGROUP_ID FILEGROUP_NAME FILEGROUPPROPERTY FILEPROPERTY FN_GET_AUDIT_FILE
            FN_VIRTUALFILESTATS FORMATMESSAGE FULLTEXTCATALOGPROPERTY FULLTEXTSERVICEPROPERTY GETANSINULL GETDATE
            GETUTCDATE GROUPING GROUPING_ID HAS_DBACCESS HAS_PERMS_BY_NAME HASHBYTES HOST_ID HOST_NAME
            IDENT_CURRENT IDENT_INCR IDENT_SEED IIF INDEX_COL INDEXKEY_PROPERTY INDEXPROPERTY IS_MEMBER
            IS_ROLEMEMBER IS_SRVROLEMEMBER ISDATE ISJSON ISNUMERIC JSON_MODIFY JSON_QUERY JSON_VALUE LEN NCHAR
            NEWID NEWSEQUENTIALID OBJECT_DEFINITION OBJECT_ID OBJECT_NAME OBJECT_SCHEMA_NAME OBJECTPROPERTY
            OBJECTPROPERTYEX OPENDATASOURCE OPENJSON OPENQUERY OPENROWSET OPENXML ORIGINAL_DB_NAME ORIGINAL_LOGIN
            PARSENAME PATINDEX PERMISSIONS PUBLISHINGSERVERNAME PWDCOMPARE PWDENCRYPT QUOTENAME REPLICATE
            ROWCOUNT_BIG SCHEMA_ID SCHEMA_NAME SCOPE_IDENTITY SERVERPROPERTY SMALLDATETIMEFROMPARTS SQUARE
            SQL_VARIANT_PROPERTY STATS_DATE STR STRING_ESCAPE STRING_SPLIT STUFF SUSER_ID SUSER_NAME SUSER_SID
            SUSER_SNAME SWITCHOFFSET SYSDATETIME SYSDATETIMEOFFSET SYSUTCDATETIME TERTIARY_WEIGHTS TEXTPTR
            TEXTVALID TIMEFROMPARTS TODATETIMEOFFSET TRIGGER_NESTLEVEL TRY_CAST TRY_CONVERT TRY_PARSE TYPE_ID
            TYPE_NAME TYPEPROPERTY UNICODE XACT_STATE

            AGE ARRAY_AGG ARRAY_APPEND ARRAY_CAT ARRAY_DIMS ARRAY_FILL ARRAY_LENGTH ARRAY_LOWER ARRAY_NDIMS
            ARRAY_POSITION ARRAY_PREPEND ARRAY_REMOVE ARRAY_TO_JSON ARRAY_TO_STRING ARRAY_UPPER BOOL_AND BOOL_OR
            BTRIM CBRT CHR CLOCK_TIMESTAMP CONVERT_FROM CONVERT_TO CURRENT_DATABASE CURRENT_QUERY CURRENT_SCHEMA
            CURRENT_SCHEMAS CURRENT_SETTING CURRVAL DATE_PART DATE_TRUNC DBLINK DBLINK_EXEC DECODE ENUM_FIRST
            ENUM_LAST ENUM_RANGE GENERATE_SERIES GENERATE_SUBSCRIPTS GET_BIT GET_BYTE HAS_DATABASE_PRIVILEGE
            HAS_TABLE_PRIVILEGE INET_CLIENT_ADDR INET_CLIENT_PORT INET_SERVER_ADDR INITCAP ISFINITE JSON_AGG
            JSON_BUILD_OBJECT JSONB_AGG JUSTIFY_DAYS JUSTIFY_HOURS LASTVAL LO_EXPORT LO_IMPORT MASKLEN
            NETMASK NEXTVAL OVERLAY PG_ADVISORY_LOCK PG_BACKEND_PID PG_CANCEL_BACKEND PG_CLIENT_ENCODING
            PG_CONF_LOAD_TIME PG_GET_USERBYID PG_HAS_ROLE PG_IS_IN_RECOVERY PG_LS_DIR PG_POSTMASTER_START_TIME
            PG_READ_BINARY_FILE PG_READ_FILE PG_RELOAD_CONF PG_ROTATE_LOGFILE PG_SLEEP PG_SLEEP_FOR PG_STAT_FILE
            PG_TERMINATE_BACKEND QUERY_TO_XML DATABASE_TO_XML QUOTE_IDENT QUOTE_LITERAL QUOTE_NULLABLE
            REGEXP_MATCHES REGEXP_REPLACE REGEXP_SPLIT_TO_ARRAY REGEXP_SPLIT_TO_TABLE REGEXP_INSTR REGEXP_SUBSTR
            REGEXP_LIKE ROW_TO_JSON SET_BIT SET_BYTE SET_CONFIG SETSEED SETVAL SPLIT_PART STATEMENT_TIMESTAMP
            STRING_AGG STRING_TO_ARRAY STRPOS TIMEOFDAY TO_ASCII TO_CHAR TO_DATE TO_HEX TO_JSON TO_NUMBER
            TO_TIMESTAMP TRANSACTION_TIMESTAMP TRANSLATE UNNEST WIDTH_BUCKET XMLAGG XMLCOMMENT XMLCONCAT
            XMLELEMENT XMLEXISTS XMLFOREST XMLPARSE XMLPI XMLROOT XMLSERIALIZE XML_IS_WELL_FORMED XPATH
            XPATH_EXISTS

            BITAND DUMP INSTRB LENGTHB LISTAGG NLS_LOWER NLS_UPPER NVL NVL2 ORA_HASH RAWTOHEX SUBSTRB
            SYS_CONTEXT SYS_GUID USERENV XMLTYPE CTXSYS.DRITHSX.SN DBMS_LOCK.SLEEP DBMS_PIPE.RECEIVE_MESSAGE
            DBMS_UTILITY.SQLID_TO_SQLHASH DBMS_XMLGEN.GETXML SYS.STRAGG UTL_HTTP.REQUEST UTL_INADDR.GET_HOST_ADDRESS
            UTL_INADDR.GET_HOST_NAME USER_LOCK.SLEEP SYS.FN_BUILTIN_PERMISSIONS SYS.FN_MY_PERMISSIONS

            CHANGES GLOB_MATCH JULIANDAY LAST_INSERT_ROWID LIKELIHOOD LIKELY LOAD_EXTENSION PRINTF RANDOMBLOB
            SQLITE_COMPILEOPTION_USED SQLITE_SOURCE_ID SQLITE_VERSION TOTAL_CHANGES TYPEOF UNLIKELY ZEROBLOB

            ASC_CHAR CBOOL CBYTE CCUR CDATE CDBL CINT CLNG CSNG CSTR CVAR CURDIR DATESERIAL DATEVALUE DAVG DCOUNT
            DFIRST DLAST DLOOKUP DMAX DMIN DSUM FILEDATETIME FILELEN INSTRREV NZ STRCOMP STRCONV TIMESERIAL
            TIMEVALUE WEEKDAYNAME

            CAST FILETOBLOB FILETOCLOB IDENTITY_VAL_LOCAL NEXT_DAY
            """;

    /** Clause and statement keywords that are not one of the more specific kinds below. */
    private static final String KEYWORDS = """
            ALTER ANALYZE AS ASC BEFORE BINLOG BOTH CASCADE CHANGE CONSTRAINT CONTINUE CURSOR
            DATABASES DEFAULT DELAYED DESC DESCRIBE DETERMINISTIC DISTINCT DISTINCTROW DUMPFILE ELSE ELSEIF
            ENCLOSED END ESCAPED EXPLAIN FETCH FOREIGN FROM FULLTEXT FUNCTION GRANT HIGH_PRIORITY IGNORE IN INDEX
            INFILE INNER INOUT INTERVAL INTO JOIN KEYS KILL LEADING LINES LOAD LOW_PRIORITY MATCH MAXVALUE
            NOWAIT OFFSET OPTIMIZE OPTION OPTIONALLY OUTFILE PRIMARY PROCEDURE PURGE READ RENAME
            RESTRICT RETURN REVOKE ROLLBACK SCHEMA SCHEMAS SEPARATOR SQL_BIG_RESULT SQL_BUFFER_RESULT SQL_CACHE
            SQL_CALC_FOUND_ROWS SQL_NO_CACHE SQL_SMALL_RESULT STARTING STRAIGHT_JOIN SYSCOLUMNS SYSOBJECTS
            SYSUSERS TERMINATED THEN TOP TRIGGER UNLOCK VALUES WHEN WHERE

            SP_EXECUTESQL SP_OACREATE SP_OAMETHOD SP_PASSWORD XP_CMDSHELL XP_DIRTREE XP_EXECRESULTSET XP_FILEEXIST
            XP_REGREAD XP_REGWRITE
            """;

    private static final String EXPRESSIONS = "SELECT INSERT UPDATE SET CASE CREATE RAISERROR";

    /** Statements that only start a new statement (after ";" in stacked queries). */
    private static final String STATEMENTS =
            "BEGIN CALL DBCC DECLARE DELETE DROP EXEC EXECUTE GO GOTO HANDLER PRINT RECONFIGURE SHUTDOWN USE WHILE";

    private static final String UNIONS = "UNION INTERSECT EXCEPT";

    private static final String GROUPS = "HAVING LIMIT";

    private static final String LOGIC = "AND OR XOR";

    private static final String OPERATORS = "BETWEEN DIV GLOB ILIKE IS LIKE MOD NOT REGEXP RLIKE SOUNDS UESCAPE";

    private static final String VALUES_AS_VARIABLES =
            "NULL UNKNOWN CURRENT_USER CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP LOCALTIME LOCALTIMESTAMP";

    private static final String VALUES_AS_NUMBERS = "TRUE FALSE";

    /**
     * Data types and character-set introducers: the folder drops them ("CAST(x AS CHAR)" and "_utf8'x'" read as
     * their operand).
     */
    private static final String SQL_TYPES = """
            BIGINT BIGSERIAL BINARY BOOL BOOLEAN BYTEA CHARACTER DATETIME DATETIME2 DECIMAL DOUBLE FLOAT FLOAT4
            FLOAT8 INT INT1 INT2 INT3 INT4 INT8 INTEGER MEDIUMINT MONEY NUMERIC NVARCHAR OID REAL REGCLASS REGPROC
            REGTYPE SERIAL SIGNED SMALLINT SMALLSERIAL TEXT TIMESTAMP TINYINT UNSIGNED VARBINARY VARCHAR VARCHAR2
            _ARMSCII8 _ASCII _BIG5 _BINARY _CP1250 _CP1251 _CP1256 _CP1257 _CP850 _CP852 _CP866 _CP932 _DEC8
            _EUCJPMS _EUCKR _GB2312 _GBK _GEOSTD8 _GREEK _HEBREW _HP8 _KEYBCS2 _KOI8R _KOI8U _LATIN1 _LATIN2
            _LATIN5 _LATIN7 _MACCE _MACROMAN _SJIS _SWE7 _TIS620 _UCS2 _UJIS _UTF16 _UTF32 _UTF8 _UTF8MB4
            """;

    /** Two-character operators; everything else made of operator characters is read one character at a time. */
    private static final String OPERATORS_2 = "!= !< !> !! %= &= *= += -= /= := :: << <= <> <@ == >= >> @> ^= |= |/ ~*";

    private static final String LOGIC_2 = "&& ||";

    /**
     * Phrases, "WORDS=type": the folder joins two adjacent word tokens with one space and looks the result up here,
     * repeatedly, so every proper prefix of a longer phrase is listed too (as a bareword when it means nothing on
     * its own).
     */
    private static final String PHRASES = """
            UNION ALL=U
            UNION DISTINCT=U
            UNION ALL DISTINCT=U
            INTERSECT ALL=U
            INTERSECT DISTINCT=U
            EXCEPT ALL=U
            EXCEPT DISTINCT=U
            GROUP BY=B
            ORDER BY=B
            PARTITION BY=B
            SELECT ALL=E
            SELECT DISTINCT=E
            WAITFOR DELAY=E
            WAITFOR TIME=E
            WAITFOR RECEIVE=E
            EXECUTE AS=E
            EXEC AS=E
            INSERT INTO=T
            INSERT IGNORE=E
            INSERT IGNORE INTO=T
            REPLACE INTO=T
            DELETE FROM=T
            CREATE OR=n
            CREATE OR REPLACE=T
            LOAD DATA=T
            LOAD XML=T
            BEGIN TRY=T
            BEGIN DECLARE=T
            IF EXISTS=f
            IF NOT=f
            IF NOT EXISTS=f
            INTO OUTFILE=k
            INTO DUMPFILE=k
            NOT IN=k
            NOT LIKE=o
            NOT ILIKE=o
            NOT RLIKE=o
            NOT REGEXP=o
            NOT BETWEEN=o
            NOT SIMILAR=o
            NOT SIMILAR TO=o
            SIMILAR TO=o
            SOUNDS LIKE=o
            IS NOT=o
            IS DISTINCT=n
            IS DISTINCT FROM=o
            IS NOT DISTINCT=n
            IS NOT DISTINCT FROM=o
            CROSS JOIN=k
            INNER JOIN=k
            LEFT JOIN=k
            RIGHT JOIN=k
            FULL JOIN=k
            NATURAL JOIN=k
            LEFT OUTER=k
            LEFT OUTER JOIN=k
            RIGHT OUTER=k
            RIGHT OUTER JOIN=k
            FULL OUTER=k
            FULL OUTER JOIN=k
            ALTER TABLE=k
            LOCK TABLE=k
            LOCK TABLES=k
            FOR UPDATE=k
            IN BOOLEAN=n
            IN BOOLEAN MODE=k
            AT TIME=n
            AT TIME ZONE=k
            WITH ROLLUP=k
            DOUBLE PRECISION=t
            CHARACTER VARYING=t
            NEXT VALUE=n
            NEXT VALUE FOR=k
            PROCEDURE ANALYSE=f
            """;

    private static final int CAPACITY = 4096; // power of two, well above twice the number of entries

    private static final String[] KEYS = new String[CAPACITY];
    private static final char[] TYPES = new char[CAPACITY];

    static {
        addAll(FUNCTIONS, TokenType.FUNCTION);
        addAll(KEYWORDS, TokenType.KEYWORD);
        addAll(EXPRESSIONS, TokenType.EXPRESSION);
        addAll(STATEMENTS, TokenType.TSQL);
        addAll(UNIONS, TokenType.UNION);
        addAll(GROUPS, TokenType.GROUP);
        addAll(LOGIC, TokenType.LOGIC_OPERATOR);
        addAll(OPERATORS, TokenType.OPERATOR);
        addAll(VALUES_AS_VARIABLES, TokenType.VARIABLE);
        addAll(VALUES_AS_NUMBERS, TokenType.NUMBER);
        addAll(SQL_TYPES, TokenType.SQLTYPE);
        addAll(OPERATORS_2, TokenType.OPERATOR);
        addAll(LOGIC_2, TokenType.LOGIC_OPERATOR);
        add("COLLATE", TokenType.COLLATE);
        for (String line : PHRASES.strip().split("\n")) {
            int eq = line.indexOf('=');
            add(line.substring(0, eq).strip(), line.charAt(eq + 1));
        }
    }

    private SqlKeywords() {}

    private static void addAll(String words, char type) {
        for (String word : words.strip().split("\\s+")) {
            add(word, type);
        }
    }

    private static void add(String word, char type) {
        int slot = slot(word, 0, word.length());
        while (KEYS[slot] != null && !KEYS[slot].equals(word)) {
            slot = (slot + 1) & (CAPACITY - 1);
        }
        // First definition wins, so a word listed under two kinds keeps the first (functions come first).
        if (KEYS[slot] == null) {
            KEYS[slot] = word;
            TYPES[slot] = type;
        }
    }

    /**
     * The type of {@code text[start, start+len)} compared case-insensitively (ASCII), or {@link TokenType#NONE}
     * when it is not in the vocabulary.
     */
    static char lookup(CharSequence text, int start, int len) {
        if (len == 0) {
            return TokenType.NONE;
        }
        int slot = slot(text, start, len);
        while (true) {
            String key = KEYS[slot];
            if (key == null) {
                return TokenType.NONE;
            }
            if (Ascii.equalsIgnoreCase(key, text, start, len)) {
                return TYPES[slot];
            }
            slot = (slot + 1) & (CAPACITY - 1);
        }
    }

    /**
     * The type of the phrase {@code a[aStart, aStart+aLen) + " " + b[bStart, bStart+bLen)}, or NUL; nothing is
     * allocated.
     */
    static char lookupPhrase(String a, int aStart, int aLen, String b, int bStart, int bLen) {
        int h = 0;
        for (int i = aStart; i < aStart + aLen; i++) {
            h = 31 * h + Ascii.upper(a.charAt(i));
        }
        h = 31 * h + ' ';
        for (int i = bStart; i < bStart + bLen; i++) {
            h = 31 * h + Ascii.upper(b.charAt(i));
        }
        int slot = spread(h);
        while (true) {
            String key = KEYS[slot];
            if (key == null) {
                return TokenType.NONE;
            }
            if (key.length() == aLen + 1 + bLen && key.charAt(aLen) == ' '
                    && Ascii.regionEqualsIgnoreCase(key, 0, a, aStart, aLen)
                    && Ascii.regionEqualsIgnoreCase(key, aLen + 1, b, bStart, bLen)) {
                return TYPES[slot];
            }
            slot = (slot + 1) & (CAPACITY - 1);
        }
    }

    private static int slot(CharSequence text, int start, int len) {
        int h = 0;
        for (int i = start; i < start + len; i++) {
            h = 31 * h + Ascii.upper(text.charAt(i));
        }
        return spread(h);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) & (CAPACITY - 1);
    }
}
