/** Signals about what the failing call talked to, shared by the engine and the entry point. */

const DRIVERS =
  'postgres\\w*|psql|psycopg\\w*|asyncpg|pgx?|pq|PG::\\w+|mysql\\w*|mariadb\\w*|pymysql|redis\\w*|ioredis|jedis|lettuce|mongo\\w*|pymongo|motor|sequelize\\w*|prisma\\w*|typeorm|knex\\w*|hikari\\w*|jdbc|sqlalchemy|sqlstate|java\\.sql|\\w*SQLException|cassandra|memcached?|mssql|sqlserver|tedious|cockroach\\w*|oracle|r2dbc\\w*|npgsql|pgxpool|sqlite\\w*|mongoose';
const PORTS = ':(?:5432|3306|6379|6380|27017|1433|9042|11211|26257)\\b|\\bport (?:5432|3306|6379|27017)\\b';

/** A database or cache named in the event: a driver, a client library, a well-known port, or the word itself. */
export const DATABASE_HINT = new RegExp(`\\b(?:${DRIVERS}|database|db)\\b|${PORTS}`, 'i');

/** A driver, client library or port: the plain words "database" / "db" in a message do not count. */
export const DATABASE_CLIENT_HINT = new RegExp(`\\b(?:${DRIVERS})\\b|${PORTS}`, 'i');

/**
 * The evidence line names an HTTP endpoint or HTTP client: the refused or timed-out call went to a web
 * service, even if a database is mentioned elsewhere in the event ("db state unchanged", a `db` logger).
 */
export const HTTP_TARGET =
  /\bhttps?:\/\/|\bHTTPS?ConnectionPool\(|\b(?:GET|POST|PUT|PATCH|DELETE|HEAD) (?:request for )?"?(?:https?:|\/)|\b(?:httpx|aiohttp|okhttp3?|feign|axios|undici)\b[.:]|\bRestTemplate\b|\bWebClient\w*Exception\b/i;
