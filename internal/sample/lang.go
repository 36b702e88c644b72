package sample

// phrasebook is the little a sample city writes in its own language: the
// plan's title, the deciding body, the people to contact, and the texts of
// its practices. Everything else the sample writes in English, the working
// language of the networks.
type phrasebook struct {
	// englishName is the language's name in English ("Swedish").
	englishName string
	planTitle   string
	council     string
	// people are invented names for the private contacts.
	people [3]string
	// practices are walking groups, daily movement at school and health
	// guides, in that order. Each body takes the pilot district as its one
	// %s, placed so that no grammatical case is needed.
	practices [3]text
	// workplaces (healthy small workplaces), courtyards (green
	// courtyards) and firstAid (mental health first aid for the adults
	// around young people) are the other topics a city may run; each
	// body takes the pilot district the same way.
	workplaces, courtyards, firstAid text
}

type text struct{ title, summary, body string }

var phrasebooks = map[string]phrasebook{
	"sv": {
		englishName: "Swedish",
		planTitle:   "Hälsoplan 2024–2030",
		council:     "Kommunfullmäktige",
		people:      [3]string{"Anna Lindqvist", "Erik Johansson", "Amira Haddad"},
		practices: [3]text{{
			"Gå och prata: promenadgrupper för äldre",
			"Varje vecka leder utbildade frivilliga promenadgrupper som får äldre att röra på sig och träffa andra. Distriktssköterskor på vårdcentralen hänvisar personer som bor ensamma.",
			"Grupperna startade som pilot i %s och finns nu i alla stadsdelar. Promenaderna är 3–5 km, alltid med fika efteråt, och utgår från bostadsgårdar som hyresvärden har gjort tillgängliga. Ingen anmälan behövs.",
		}, {
			"Rörelse varje dag: 30 minuter för varje elev",
			"Varje elev i grundskolan får 30 minuters rörelse om dagen, på lektioner och raster, på skolgårdar som gjorts om för lek.",
			"Skolorna i %s började först. Lärarna fick en kort utbildning av idrottsföreningar, skolgårdarna fick nya ytor för lek och odling, och elevhälsan följer upp hur eleverna mår.",
		}, {
			"Hälsoinformatörer: hälsoinformation på modersmål",
			"Utbildade hälsoinformatörer som talar invånarnas språk håller gruppträffar om hälsa, vården och barns hälsa, och följer med familjer till det första besöket på vårdcentralen.",
			"Arbetet började i %s, där många nyanlända familjer bor. Träffarna hålls i föreningslokaler och på biblioteket, på arabiska, somaliska, dari, tigrinja och svenska.",
		}},
		workplaces: text{
			"Friska småföretag: aktiva pauser och hälsosamtal på jobbet",
			"Småföretag får en kostnadsfri hälsokontroll för personalen, aktiva pauser som leds av idrottsföreningar och korta hälsosamtal med distriktssköterskor på arbetsplatsen.",
			"Programmet började med butiker och verkstäder i %s, där de flesta jobben finns i företag med färre än tio anställda. Företagarföreningen bjuder in företagen, och varje företag får stöd under ett år och en egen handlingsplan.",
		},
		courtyards: text{
			"Gröna gårdar: odla och mötas där man bor",
			"Hyresgästerna gör om gårdarna i hyreshusen till gröna platser med odlingslådor, fruktträd, bänkar och skugga. En trädgårdsmästare från bostadsbolaget och frivilliga hjälper till under odlingssäsongen.",
			"Arbetet började på gårdarna i %s, där många familjer bor i lägenheter utan balkong eller trädgård. Hyresgästerna bestämmer tillsammans vad som ska odlas, odlingslådorna är gemensamma och skördefesten varje höst är öppen för hela stadsdelen.",
		},
		firstAid: text{
			"Första hjälpen till psykisk hälsa: en kurs för vuxna som möter unga",
			"Lärare, fritidsledare och idrottstränare går en tvådagarskurs i att upptäcka psykisk ohälsa hos unga, fråga hur de mår och hänvisa dem till rätt hjälp. Elevhälsan och ungdomsmottagningen tar emot dem som behöver mer stöd.",
			"De första kurserna hölls i %s, för personalen på skolorna och fritidsgårdarna och för tränarna i idrottsföreningarna. Instruktörer från regionen och kommunen undervisar två och två, och varje deltagare får med sig en karta över vart unga i stadsdelen kan vända sig för att få hjälp.",
		},
	},
	"da": {
		englishName: "Danish",
		planTitle:   "Sundhedspolitik og handleplan 2024–2030",
		council:     "Byrådet",
		people:      [3]string{"Mette Sørensen", "Jens Nielsen", "Leyla Yılmaz"},
		practices: [3]text{{
			"Gå og snak: gågrupper for ældre",
			"Hver uge leder uddannede frivillige gågrupper, der får ældre borgere til at bevæge sig og møde andre. Sygeplejersker i almen praksis henviser borgere, der bor alene.",
			"Grupperne startede som forsøg i %s og findes nu i alle bydele. Turene er 3–5 km med kaffe bagefter og starter fra gårdene i boligområderne, som boligselskabet har gjort tilgængelige. Det kræver ingen tilmelding.",
		}, {
			"Bevægelse hver dag: 30 minutter for hver elev",
			"Alle elever i folkeskolen får 30 minutters bevægelse om dagen i timerne og i frikvartererne, på skolegårde, der er lavet om til leg.",
			"Skolerne i %s begyndte først. Lærerne fik et kort kursus af de lokale idrætsforeninger, skolegårdene fik nye områder til leg og dyrkning, og sundhedsplejen følger op på elevernes trivsel.",
		}, {
			"Sundhedsformidlere: sundhedsinformation på modersmål",
			"Uddannede sundhedsformidlere, der taler borgernes sprog, holder gruppemøder om sundhed, sundhedsvæsenet og børns sundhed og følger familier til det første besøg hos lægen.",
			"Arbejdet begyndte i %s, hvor mange nyankomne familier bor. Møderne holdes i foreningslokaler og på biblioteket, på arabisk, somali, tyrkisk og dansk.",
		}},
		workplaces: text{
			"Sunde små virksomheder: aktive pauser og sundhedssamtaler på jobbet",
			"Små virksomheder får et gratis sundhedstjek for medarbejderne, aktive pauser ledet af idrætsforeninger og korte sundhedssamtaler med sygeplejersker på arbejdspladsen.",
			"Programmet begyndte med butikker og værksteder i %s, hvor de fleste arbejdspladser er i virksomheder med under ti ansatte. Erhvervsforeningen opsøger virksomhederne, og hver virksomhed får et års forløb og sin egen handleplan.",
		},
		courtyards: text{
			"Grønne gårdrum: dyrkning og fællesskab lige uden for døren",
			"Beboerne forvandler gårdene i de almene boligområder til grønne steder med højbede, frugttræer, bænke og skygge. En gartner fra boligselskabet og frivillige hjælper i hele dyrkningssæsonen.",
			"Arbejdet begyndte i %s, hvor mange familier bor i lejligheder uden altan eller have. Beboerne beslutter i fællesskab, hvad der skal dyrkes, højbedene er fælles, og høstfesten hvert efterår er åben for hele bydelen.",
		},
		firstAid: text{
			"Førstehjælp til mental sundhed: kursus for voksne, der møder unge",
			"Lærere, klubmedarbejdere og trænere tager et todageskursus i at opdage psykisk mistrivsel hos unge, spørge ind til, hvordan de har det, og vise dem videre til den rette hjælp. Sundhedsplejen og kommunens ungerådgivning tager imod dem, der har brug for mere støtte.",
			"De første kurser blev holdt i %s for personalet på skoler og i ungdomsklubber og for trænerne i idrætsforeningerne. Instruktører fra regionen og kommunen underviser to og to, og alle deltagere får et overblik med hjem over, hvor unge i bydelen kan få hjælp.",
		},
	},
	"fi": {
		englishName: "Finnish",
		planTitle:   "Hyvinvointisuunnitelma 2024–2030",
		council:     "Kaupunginvaltuusto",
		people:      [3]string{"Liisa Virtanen", "Mikko Mäkinen", "Aino Korhonen"},
		practices: [3]text{{
			"Kävellen ja jutellen: kävelyryhmät ikääntyneille",
			"Koulutetut vapaaehtoiset vetävät viikoittain kävelyryhmiä, joissa ikääntyneet liikkuvat ja tapaavat toisiaan. Terveysaseman hoitajat ohjaavat ryhmiin yksin asuvia.",
			"Kokeilualue: %s. Ryhmät toimivat nyt kaikissa kaupunginosissa. Kävelyt ovat 3–5 km pitkiä, niiden jälkeen juodaan kahvit, ja ne lähtevät pihoilta, jotka vuokranantaja on tehnyt esteettömiksi. Ilmoittautumista ei tarvita.",
		}, {
			"Liikkuva koulu: 30 minuuttia liikettä joka päivä",
			"Jokainen peruskoulun oppilas liikkuu 30 minuuttia päivässä tunneilla ja välitunneilla, ja koulujen pihat on suunniteltu uudelleen leikkiä varten.",
			"Ensimmäinen alue: %s. Opettajat saivat lyhyen koulutuksen urheiluseuroilta, koulujen pihoille tehtiin tilaa leikille ja viljelylle, ja kouluterveydenhuolto seuraa oppilaiden hyvinvointia.",
		}, {
			"Terveysneuvojat: terveystietoa omalla äidinkielellä",
			"Koulutetut terveysneuvojat, jotka puhuvat asukkaiden kieliä, pitävät ryhmätapaamisia terveydestä, terveyspalveluista ja lasten terveydestä ja lähtevät perheiden mukaan ensimmäiselle käynnille terveysasemalle.",
			"Kokeilualue: %s, jossa asuu paljon vasta muuttaneita perheitä. Tapaamiset pidetään yhdistysten tiloissa ja kirjastossa arabiaksi, somaliksi, venäjäksi ja suomeksi.",
		}},
		workplaces: text{
			"Terveet pienyritykset: taukoliikuntaa ja terveyskeskusteluja työpaikalla",
			"Pienyritykset saavat henkilöstölleen maksuttoman terveystarkastuksen, urheiluseurojen vetämää taukoliikuntaa ja terveydenhoitajien lyhyitä terveyskeskusteluja työpaikalla.",
			"Kokeilualue: %s. Ohjelma alkoi kaupoista ja verstaista, sillä suurin osa alueen työpaikoista on alle kymmenen hengen yrityksissä. Paikallinen yrittäjäyhdistys kutsuu yritykset mukaan, ja jokainen yritys saa vuoden ajan tukea ja oman suunnitelman.",
		},
		courtyards: text{
			"Vihreät pihat: viljelyä ja yhdessäoloa kotipihalla",
			"Asukkaat muuttavat vuokratalojen pihat vihreiksi paikoiksi, joissa on viljelylaatikoita, hedelmäpuita, penkkejä ja varjoa. Vuokrataloyhtiön puutarhuri ja vapaaehtoiset auttavat koko kasvukauden ajan.",
			"Kokeilualue: %s. Alueella moni perhe asuu kerrostalossa ilman omaa pihaa tai viljelypalstaa. Asukkaat päättävät yhdessä, mitä pihalla kasvatetaan, viljelylaatikot ovat yhteisiä, ja joka syksy pidettävä sadonkorjuujuhla on avoin koko kaupunginosalle.",
		},
		firstAid: text{
			"Mielenterveyden ensiapu: koulutus nuoria kohtaaville aikuisille",
			"Opettajat, nuorisotyöntekijät ja urheiluvalmentajat käyvät kaksipäiväisen koulutuksen, jossa he oppivat tunnistamaan nuorten mielenterveyden ongelmia, ottamaan asian puheeksi ja ohjaamaan nuoren avun piiriin. Kouluterveydenhuolto ja nuorten mielenterveyspalvelut ottavat nuoret vastaan.",
			"Kokeilualue: %s. Ensimmäiset koulutukset pidettiin alueen koulujen ja nuorisotalojen henkilökunnalle sekä urheiluseurojen valmentajille. Hyvinvointialueen ja kaupungin kouluttajat opettavat pareittain, ja jokainen osallistuja saa mukaansa kartan siitä, mistä alueen nuoret saavat apua.",
		},
	},
	"es": {
		englishName: "Spanish",
		planTitle:   "Plan Municipal de Salud 2024–2030",
		council:     "Pleno del Ayuntamiento",
		people:      [3]string{"Lucía Martínez", "Javier Gómez", "Fátima El Idrissi"},
		practices: [3]text{{
			"Caminar y charlar: grupos de paseo para personas mayores",
			"Cada semana, voluntarios formados guían grupos de paseo que ayudan a las personas mayores a moverse y a conocer gente. Las enfermeras de atención primaria derivan a quienes viven solos.",
			"Los grupos empezaron como piloto en %s y hoy funcionan en todos los distritos. Los paseos son de 3 a 5 km, terminan con un café y salen de patios que la empresa de vivienda ha hecho accesibles. No hace falta inscribirse.",
		}, {
			"Escuela en movimiento: 30 minutos de actividad al día",
			"Cada alumno de primaria tiene 30 minutos de actividad física al día, en clase y en el recreo, en patios rediseñados para el juego.",
			"Los colegios de %s empezaron primero. El profesorado recibió una formación breve de los clubes deportivos, los patios ganaron espacios de juego y huerto, y la enfermería escolar sigue el bienestar del alumnado.",
		}, {
			"Agentes de salud: información sanitaria en la lengua materna",
			"Agentes de salud formados que hablan las lenguas del vecindario organizan sesiones en grupo sobre salud, el sistema sanitario y la salud infantil, y acompañan a las familias a su primera visita al centro de salud.",
			"El trabajo empezó en %s, donde viven muchas familias recién llegadas. Las sesiones se hacen en locales de asociaciones y en la biblioteca, en árabe, rumano, wolof y español.",
		}},
		workplaces: text{
			"Pequeñas empresas saludables: pausas activas y charlas de salud en el trabajo",
			"Las pequeñas empresas reciben un chequeo de salud gratuito para su plantilla, pausas activas dirigidas por clubes deportivos y charlas breves sobre salud que imparten enfermeras de atención primaria en el propio lugar de trabajo.",
			"El programa empezó con los comercios y talleres de %s, donde la mayoría de los empleos están en empresas de menos de diez trabajadores. La asociación empresarial invita a las empresas a participar; cada una recibe un año de acompañamiento y un plan propio.",
		},
		courtyards: text{
			"Patios verdes: cultivar y convivir donde vivimos",
			"El vecindario convierte los patios de las viviendas de alquiler en espacios verdes con bancales elevados, árboles frutales, bancos y sombra. Un jardinero de la empresa de vivienda y personas voluntarias ayudan durante toda la temporada de cultivo.",
			"Los primeros patios se transformaron en %s, donde muchas familias viven en pisos sin balcón ni jardín. Los vecinos y vecinas deciden juntos qué cultivar, los bancales son compartidos y la fiesta de la cosecha, cada otoño, está abierta a todo el barrio.",
		},
		firstAid: text{
			"Primeros auxilios en salud mental: un curso para los adultos que trabajan con jóvenes",
			"Profesorado, monitores de tiempo libre y entrenadores deportivos hacen un curso de dos días para detectar problemas de salud mental en jóvenes, preguntarles cómo están y orientarlos hacia la ayuda adecuada. La enfermería escolar y los servicios de salud mental infanto-juvenil atienden a los jóvenes derivados.",
			"Los primeros cursos se impartieron en %s, para el personal de sus colegios y centros de tiempo libre y para los entrenadores de sus clubes deportivos. Los imparten en pareja formadores del servicio de salud y del Ayuntamiento, y cada participante se lleva un mapa de los recursos del barrio a los que pueden acudir los jóvenes.",
		},
	},
	"pl": {
		englishName: "Polish",
		planTitle:   "Miejski Program Zdrowia 2024–2030",
		council:     "Rada Miejska",
		people:      [3]string{"Katarzyna Nowak", "Piotr Wiśniewski", "Ołena Kowalenko"},
		practices: [3]text{{
			"Spaceruj i rozmawiaj: grupy spacerowe dla seniorów",
			"Co tydzień przeszkoleni wolontariusze prowadzą grupy spacerowe, dzięki którym seniorzy więcej się ruszają i poznają innych. Pielęgniarki podstawowej opieki zdrowotnej kierują do grup osoby mieszkające samotnie.",
			"Grupy zaczęły działać pilotażowo w dzielnicy %s, a dziś są we wszystkich dzielnicach. Spacery mają 3–5 km, kończą się wspólną kawą i startują z podwórek, które zarządca budynków dostosował dla osób starszych. Nie trzeba się zapisywać.",
		}, {
			"Szkoła w ruchu: 30 minut ruchu dziennie dla każdego ucznia",
			"Każdy uczeń szkoły podstawowej ma 30 minut ruchu dziennie, na lekcjach i przerwach, na podwórkach szkolnych przebudowanych do zabawy.",
			"Jako pierwsze zaczęły szkoły w dzielnicy %s. Nauczyciele przeszli krótkie szkolenie prowadzone przez kluby sportowe, na podwórkach szkolnych powstały miejsca do zabawy i uprawy roślin, a pielęgniarki szkolne śledzą samopoczucie uczniów.",
		}, {
			"Przewodnicy zdrowia: informacja o zdrowiu w języku ojczystym",
			"Przeszkoleni przewodnicy zdrowia, którzy mówią językami mieszkańców, prowadzą spotkania grupowe o zdrowiu, systemie opieki zdrowotnej i zdrowiu dzieci oraz towarzyszą rodzinom podczas pierwszej wizyty u lekarza rodzinnego.",
			"Praca zaczęła się w dzielnicy %s, gdzie mieszka wiele nowo przybyłych rodzin. Spotkania odbywają się w lokalach stowarzyszeń i w bibliotece, po ukraińsku, rosyjsku i polsku.",
		}},
		workplaces: text{
			"Zdrowe małe firmy: aktywne przerwy i rozmowy o zdrowiu w pracy",
			"Małe firmy otrzymują bezpłatne badania profilaktyczne dla pracowników, aktywne przerwy prowadzone przez kluby sportowe i krótkie rozmowy o zdrowiu z pielęgniarkami w miejscu pracy.",
			"Program zaczął się od sklepów i warsztatów w dzielnicy %s, gdzie większość miejsc pracy znajduje się w firmach zatrudniających mniej niż dziesięć osób. Organizacja przedsiębiorców zaprasza firmy do udziału; każda z nich przez rok otrzymuje wsparcie i własny plan działań.",
		},
		courtyards: text{
			"Zielone podwórka: wspólne ogrody tam, gdzie mieszkamy",
			"Mieszkańcy zamieniają podwórka kamienic i bloków komunalnych w zielone miejsca z podwyższonymi grządkami, drzewami owocowymi, ławkami i cieniem. Ogrodnik zarządcy budynków i wolontariusze pomagają przez cały sezon.",
			"Pierwsze podwórka zazieleniono w dzielnicy %s, gdzie wiele rodzin mieszka w mieszkaniach bez balkonu i ogródka. Mieszkańcy wspólnie decydują, co będą uprawiać, grządki są wspólne, a jesienne święto plonów jest otwarte dla całej dzielnicy.",
		},
		firstAid: text{
			"Pierwsza pomoc w zdrowiu psychicznym: kurs dla dorosłych, którzy pracują z młodzieżą",
			"Nauczyciele, wychowawcy świetlic i trenerzy sportowi przechodzą dwudniowy kurs: uczą się rozpoznawać problemy psychiczne u młodych ludzi, pytać, jak się czują, i kierować ich do odpowiedniej pomocy. Młodzieżą, która potrzebuje więcej wsparcia, zajmują się pielęgniarki szkolne i środowiskowe poradnie zdrowia psychicznego dla dzieci i młodzieży.",
			"Pierwsze kursy odbyły się w dzielnicy %s, dla pracowników szkół i świetlic oraz trenerów klubów sportowych. Zajęcia prowadzą w parach instruktorzy z ochrony zdrowia i z urzędu miasta, a każdy uczestnik dostaje mapę miejsc, w których młodzież z dzielnicy może szukać pomocy.",
		},
	},
	"it": {
		englishName: "Italian",
		planTitle:   "Piano per la salute della città 2024–2030",
		council:     "Consiglio comunale",
		people:      [3]string{"Giulia Bianchi", "Marco Rossi", "Elena Ferri"},
		practices: [3]text{{
			"Cammina e parla: gruppi di cammino per anziani",
			"Ogni settimana volontari formati guidano gruppi di cammino che aiutano le persone anziane a muoversi e a incontrare altri. Gli infermieri delle cure primarie indirizzano chi vive da solo.",
			"I gruppi sono partiti in via sperimentale nel quartiere %s e oggi sono attivi in tutti i quartieri. Le camminate sono di 3–5 km, finiscono con un caffè e partono dai cortili che l'ente per la casa ha reso accessibili. Non serve iscriversi.",
		}, {
			"Scuola in movimento: 30 minuti di attività al giorno",
			"Ogni alunno della scuola primaria fa 30 minuti di movimento al giorno, in classe e in ricreazione, in cortili ripensati per il gioco.",
			"Le scuole del quartiere %s sono partite per prime. Gli insegnanti hanno seguito una breve formazione con le società sportive, i cortili hanno nuovi spazi per il gioco e l'orto, e la sanità scolastica segue il benessere degli alunni.",
		}, {
			"Mediatori di salute: informazioni sulla salute nella lingua madre",
			"Mediatori di salute formati, che parlano le lingue del quartiere, tengono incontri di gruppo sulla salute, sul servizio sanitario e sulla salute dei bambini, e accompagnano le famiglie alla prima visita dal medico di base.",
			"Il lavoro è iniziato nel quartiere %s, dove vivono molte famiglie arrivate da poco. Gli incontri si tengono nelle sedi delle associazioni e in biblioteca, in arabo, rumeno, bengalese e italiano.",
		}},
		workplaces: text{
			"Piccole imprese in salute: pause attive e colloqui sulla salute al lavoro",
			"Le piccole imprese ricevono un check-up gratuito per i dipendenti, pause attive guidate dalle società sportive e brevi colloqui sulla salute con gli infermieri di famiglia e di comunità, direttamente sul posto di lavoro.",
			"Il programma è partito con i negozi e le botteghe artigiane del quartiere %s, dove la maggior parte dei posti di lavoro è in imprese con meno di dieci addetti. L'associazione di categoria coinvolge le imprese; ognuna riceve un anno di accompagnamento e un piano su misura.",
		},
		courtyards: text{
			"Cortili verdi: coltivare e incontrarsi sotto casa",
			"Gli inquilini trasformano i cortili delle case popolari in spazi verdi con orti rialzati, alberi da frutto, panchine e ombra. Un giardiniere dell'ente per la casa e i volontari danno una mano per tutta la stagione.",
			"I primi cortili sono stati trasformati nel quartiere %s, dove molte famiglie vivono in appartamenti senza balcone né giardino. Gli inquilini decidono insieme che cosa coltivare, gli orti sono condivisi e la festa del raccolto, ogni autunno, è aperta a tutto il quartiere.",
		},
		firstAid: text{
			"Primo soccorso per la salute mentale: un corso per gli adulti che lavorano con i ragazzi",
			"Insegnanti, educatori dei centri di aggregazione giovanile e allenatori seguono un corso di due giorni per riconoscere il disagio psichico nei ragazzi, chiedere loro come stanno e orientarli verso l'aiuto giusto. I consultori e la neuropsichiatria dell'infanzia e dell'adolescenza accolgono i ragazzi che hanno bisogno di più sostegno.",
			"I primi corsi si sono tenuti nel quartiere %s, per il personale delle scuole e dei centri di aggregazione giovanile e per gli allenatori delle società sportive. I formatori, uno dell'azienda sanitaria e uno del Comune, insegnano in coppia, e ogni partecipante riceve una mappa dei servizi del quartiere a cui i ragazzi possono rivolgersi.",
		},
	},
}
