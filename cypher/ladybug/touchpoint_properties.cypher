// The properties of the TOUCHPOINT table (a store made before the stored weight lacks it).
CALL table_info('TOUCHPOINT') RETURN *;
